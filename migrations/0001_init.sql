-- Foundation: org tree, people and roles, sessions, login throttling, audit log, e-mail outbox.

create table org_unit (
  id uuid primary key default gen_random_uuid(),
  parent_id uuid references org_unit (id),
  level text not null check (level in ('city', 'district', 'street', 'community', 'grid')),
  name text not null check (length(name) between 1 and 60),
  -- Materialised path '/<root id>/…/<own id>/': a subtree is every row whose path starts with it.
  path text not null unique,
  created_at timestamptz not null default now(),
  check ((parent_id is null) = (level = 'city'))
);
create index org_unit_parent_idx on org_unit (parent_id);
create index org_unit_path_idx on org_unit (path text_pattern_ops);
create unique index org_unit_sibling_name_idx on org_unit (coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), name);

-- The tree keeps its shape whatever code writes to it: each level sits exactly under the one above.
create function org_unit_check_level() returns trigger language plpgsql as $$
declare
  parent_level text;
  expected text;
begin
  if new.parent_id is null then
    return new;
  end if;
  select level into parent_level from org_unit where id = new.parent_id;
  expected := case parent_level
    when 'city' then 'district' when 'district' then 'street'
    when 'street' then 'community' when 'community' then 'grid' end;
  if expected is null or new.level <> expected then
    raise exception 'org_unit level % cannot sit under %', new.level, parent_level
      using errcode = 'check_violation';
  end if;
  return new;
end $$;
create trigger org_unit_level before insert or update of parent_id, level on org_unit
  for each row execute function org_unit_check_level();

create table app_user (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 40),
  phone text unique check (phone ~ '^1[3-9][0-9]{9}$'),
  email text check (email = lower(email) and length(email) <= 254),
  password_hash text not null,
  locale text not null default 'zh-CN' check (locale in ('zh-CN', 'en')),
  home_community_id uuid references org_unit (id),
  skills text[] not null default '{}',
  education text check (education in ('junior', 'senior', 'vocational', 'college', 'bachelor', 'master', 'doctorate')),
  disabled_at timestamptz,
  created_at timestamptz not null default now(),
  check (phone is not null or email is not null)
);
create unique index app_user_email_idx on app_user (email);

create table membership (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app_user (id) on delete cascade,
  role text not null check (role in ('volunteer', 'grid_worker', 'hr', 'counselor', 'admin')),
  org_unit_id uuid not null references org_unit (id),
  granted_by uuid references app_user (id),
  granted_at timestamptz not null default now(),
  unique (user_id, role, org_unit_id)
);
create index membership_user_idx on membership (user_id);
create index membership_unit_idx on membership (org_unit_id);

create table session (
  -- SHA-256 (hex) of the token; the token itself only ever lives in the user's cookie.
  id text primary key check (length(id) = 64),
  user_id uuid not null references app_user (id) on delete cascade,
  expires_at timestamptz not null,
  created_at timestamptz not null default now()
);
create index session_user_idx on session (user_id);

-- Failed logins per key ('account:<identifier>' or 'ip:<address>'), shared by every server process.
create table login_throttle (
  key text primary key,
  failures integer not null default 0,
  window_started_at timestamptz not null default now(),
  locked_until timestamptz
);

create table audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_id uuid references app_user (id),
  action text not null,
  target_type text not null,
  target_id text,
  -- No foreign key: the log outlives what it speaks of (a removed unit stays in its history).
  org_unit_id uuid,
  detail jsonb not null default '{}',
  request_id text
);
create index audit_log_unit_idx on audit_log (org_unit_id, at desc);
create index audit_log_target_idx on audit_log (target_type, target_id);

create function refuse_change() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name using errcode = 'insufficient_privilege';
end $$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function refuse_change();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function refuse_change();

create table email_outbox (
  id uuid primary key default gen_random_uuid(),
  -- Fixed when queued, so a resend after a crash carries the same Message-ID.
  message_id text not null unique,
  to_address text not null,
  subject text not null,
  text_body text not null,
  html_body text,
  status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  lease_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index email_outbox_due_idx on email_outbox (next_attempt_at) where status in ('pending', 'sending');

create table email_attempt (
  id bigint generated always as identity primary key,
  outbox_id uuid not null references email_outbox (id),
  at timestamptz not null default now(),
  ok boolean not null,
  error text
);
create index email_attempt_outbox_idx on email_attempt (outbox_id);

-- The demo mailbox: where mail goes when no SMTP server is configured, readable by admins.
create table mailbox_message (
  id uuid primary key default gen_random_uuid(),
  message_id text not null,
  to_address text not null,
  subject text not null,
  text_body text not null,
  raw text not null,
  received_at timestamptz not null default now()
);
create index mailbox_message_received_idx on mailbox_message (received_at desc);
