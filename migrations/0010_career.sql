-- Careers (section D): appraisals, certificate scans and expiry mail, promotion rules kept as data,
-- the promotion pipeline, position history, honours.

create table appraisal (
  worker_id uuid not null references worker (user_id),
  year integer not null check (year between 2000 and 2100),
  result text not null check (result in ('excellent', 'qualified', 'basic', 'unqualified')),
  comment text not null default '' check (length(comment) <= 500),
  entered_by uuid not null references app_user (id),
  entered_at timestamptz not null default now(),
  -- One appraisal per worker and year: a second one is refused, not merged.
  primary key (worker_id, year)
);
create index appraisal_year_idx on appraisal (year, result);

-- Share of 优秀 a unit may give (percent); units without a row use 20.
create table appraisal_quota (
  org_unit_id uuid primary key references org_unit (id),
  excellent_percent integer not null check (excellent_percent between 0 and 100)
);

alter table worker_certificate
  add column scan bytea,
  add column scan_type text check (scan_type in ('image/png', 'image/jpeg', 'application/pdf')),
  add column added_by uuid references app_user (id),
  -- Set when the 60-day expiry reminder was queued: it goes out once.
  add column expiry_mail_at timestamptz,
  add check ((scan is null) = (scan_type is null)),
  add check (octet_length(scan) <= 5 * 1024 * 1024);

-- A rule is a target and a list of conditions, all of which must hold, e.g.
-- [{"kind":"consecutive_rating","result":"excellent","years":3}, {"kind":"education_min","level":"college"},
--  {"kind":"certificate","typeCode":"social_worker_mid"}, {"kind":"years_of_service","years":5}].
create table promotion_rule (
  id uuid primary key default gen_random_uuid(),
  name text not null unique check (length(name) between 2 and 60),
  target_position text not null check (length(target_position) between 2 and 40),
  conditions jsonb not null check (jsonb_typeof(conditions) = 'array'),
  active boolean not null default true,
  created_at timestamptz not null default now()
);
insert into promotion_rule (name, target_position, conditions) values
  ('连续三年优秀可任社区副站长', '社区副站长', '[{"kind":"consecutive_rating","result":"excellent","years":3}]'),
  ('连续五年优秀且大专以上可参加街道事业编定向招聘', '街道事业编定向招聘',
   '[{"kind":"consecutive_rating","result":"excellent","years":5},{"kind":"education_min","level":"college"}]');

create table promotion (
  id uuid primary key default gen_random_uuid(),
  worker_id uuid not null references worker (user_id),
  rule_id uuid references promotion_rule (id),
  target_position text not null check (length(target_position) between 2 and 40),
  status text not null default 'nominated' check (status in ('nominated', 'reviewed', 'approved', 'rejected')),
  reason text not null default '' check (length(reason) <= 500),
  nominated_by uuid not null references app_user (id),
  nominated_at timestamptz not null default now(),
  reviewed_by uuid references app_user (id),
  reviewed_at timestamptz,
  decided_by uuid references app_user (id),
  decided_at timestamptz,
  decision_note text not null default '' check (length(decision_note) <= 500),
  effective_on date,
  -- Whoever nominated does not decide.
  check (decided_by is null or decided_by <> nominated_by),
  check ((status = 'approved') = (effective_on is not null))
);
create index promotion_worker_idx on promotion (worker_id);

-- Each position a worker held from a date; the latest started one is the current position.
create table position_history (
  id uuid primary key default gen_random_uuid(),
  worker_id uuid not null references worker (user_id),
  position text not null check (length(position) between 1 and 40),
  started_on date not null,
  promotion_id uuid unique references promotion (id),
  created_at timestamptz not null default now()
);
create index position_history_worker_idx on position_history (worker_id, started_on);

create table honour_type (
  code text primary key check (code ~ '^[a-z_]{2,40}$'),
  name text not null unique check (length(name) between 2 and 20)
);
insert into honour_type (code, name) values
  ('most_beautiful', '最美网格员'), ('gold_medal', '金牌网格员'), ('policy_expert', '政策通'),
  ('mediation_expert', '调解能手'), ('service_star', '服务之星'), ('gold_mediator', '金牌调解员');

create table honour (
  id uuid primary key default gen_random_uuid(),
  worker_id uuid not null references worker (user_id),
  type_code text not null references honour_type (code),
  year integer not null check (year between 2000 and 2100),
  citation text not null check (length(citation) between 2 and 300),
  awarded_by uuid not null references app_user (id),
  awarded_at timestamptz not null default now(),
  unique (worker_id, type_code, year)
);
create index honour_year_idx on honour (year);
