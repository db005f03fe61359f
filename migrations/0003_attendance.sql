-- Report on site (报到), the hours ledger and closing the loop (受理—分派—处置—反馈—评价, source 3.3).

-- The on-site code is derived from this secret and the minute; it never leaves the server.
alter table callout add column checkin_secret text not null
  default encode(sha256((gen_random_uuid()::text || gen_random_uuid()::text)::bytea), 'hex');

alter table signup
  add column checked_in_at timestamptz,
  add column checked_out_at timestamptz,
  add column checkin_method text check (checkin_method in ('code', 'manual')),
  add column checkin_reason text check (length(checkin_reason) <= 200),
  add column checkin_by uuid references app_user (id),
  add column no_show boolean not null default false,
  add check (checked_out_at is null or checked_in_at is not null),
  add check (checked_out_at is null or checked_out_at >= checked_in_at),
  add check (checkin_method <> 'manual' or checkin_reason is not null);

-- Hours as a ledger: each entry states the minutes of one sign-up; the newest entry is the truth.
-- A correction is a new entry with a reason; nothing is ever edited or deleted.
create table hours_entry (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity,
  signup_id uuid not null references signup (id),
  volunteer_id uuid not null references app_user (id),
  callout_id uuid not null references callout (id),
  minutes integer not null check (minutes between 0 and 1440),
  kind text not null check (kind in ('recorded', 'confirmed', 'corrected')),
  reason text check (length(reason) <= 200),
  entered_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  check (kind <> 'corrected' or reason is not null)
);
create index hours_entry_signup_idx on hours_entry (signup_id, seq desc);
create index hours_entry_volunteer_idx on hours_entry (volunteer_id);
create trigger hours_entry_append_only before update or delete on hours_entry
  for each row execute function refuse_change();
create trigger hours_entry_no_truncate before truncate on hours_entry
  for each statement execute function refuse_change();

create table callout_rating (
  callout_id uuid not null references callout (id),
  volunteer_id uuid not null references app_user (id),
  stars integer not null check (stars between 1 and 5),
  comment text check (length(comment) <= 500),
  created_at timestamptz not null default now(),
  primary key (callout_id, volunteer_id)
);
