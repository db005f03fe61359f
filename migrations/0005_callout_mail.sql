-- Telling volunteers about callouts: matching mail (urgent at once, normal in a digest), reminders.

-- Server-side secrets (signing unsubscribe links, keyed hashes), made once per database.
create table app_secret (
  name text primary key,
  value text not null
);
insert into app_secret (name, value)
  values ('link_signing', encode(sha256((gen_random_uuid()::text || gen_random_uuid()::text)::bytea), 'hex'));

alter table app_user add column callout_mail boolean not null default true;

-- Normal callouts wait here for the volunteer's next digest; the row goes when the digest is queued.
create table callout_digest_item (
  volunteer_id uuid not null references app_user (id),
  callout_id uuid not null references callout (id),
  queued_at timestamptz not null default now(),
  primary key (volunteer_id, callout_id)
);

alter table signup add column reminded_at timestamptz;
create index signup_reminder_idx on signup (callout_id) where status = 'confirmed' and reminded_at is null;
