-- Themed months and weeks, events with booths, and private calendar feeds (section B).

create table theme (
  id uuid primary key default gen_random_uuid(),
  -- null: the plan everyone shares (the seeded national themes, kept by city admins);
  -- otherwise the unit whose own plan it is.
  org_unit_id uuid references org_unit (id),
  name text not null check (length(name) between 2 and 40),
  description text not null default '' check (length(description) <= 1000),
  starts_on date not null,
  ends_on date not null,
  -- A yearly theme comes back on the same days every year from its first year on.
  repeats_yearly boolean not null default false,
  created_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  check (ends_on >= starts_on),
  check (not repeats_yearly or ends_on < (starts_on + interval '1 year')::date)
);
create index theme_unit_idx on theme (org_unit_id);

insert into theme (name, description, starts_on, ends_on, repeats_yearly) values
  ('学雷锋志愿服务月', '3月5日学雷锋纪念日所在的月份，集中开展志愿服务。', '2026-03-01', '2026-03-31', true),
  ('防灾减灾宣传周', '5月12日全国防灾减灾日前后，开展防灾减灾知识宣传与应急演练。', '2026-05-11', '2026-05-17', true),
  ('敬老月', '走访慰问老年人，开展助老助残服务。', '2026-09-01', '2026-09-30', true),
  ('宪法宣传周', '12月4日国家宪法日所在的一周，开展宪法和法律法规宣传。', '2026-12-01', '2026-12-07', true);

create table event (
  id uuid primary key default gen_random_uuid(),
  org_unit_id uuid not null references org_unit (id),
  theme_id uuid references theme (id) on delete set null,
  title text not null check (length(title) between 2 and 80),
  description text not null default '' check (length(description) <= 4000),
  place text not null check (length(place) between 1 and 120),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  -- Public events are shown to volunteers and residents of the area; others to staff only.
  is_public boolean not null default true,
  status text not null default 'scheduled' check (status in ('scheduled', 'cancelled')),
  -- iCalendar SEQUENCE: goes up with every change a subscriber should see.
  sequence integer not null default 0,
  created_by uuid not null references app_user (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_at > starts_at)
);
create index event_time_idx on event (starts_at, ends_at);
create index event_unit_idx on event (org_unit_id);

create table booth (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references event (id) on delete cascade,
  name text not null check (length(name) between 1 and 40),
  description text not null default '' check (length(description) <= 1000),
  created_at timestamptz not null default now(),
  unique (event_id, name)
);

-- A booth is staffed by the callout created from it; one callout per booth.
alter table callout add column booth_id uuid unique references booth (id);

-- Callouts are read by time range for the calendar.
create index callout_time_idx on callout (starts_at, ends_at);

-- The feed URL is signed with the link-signing key over (user, generation); bumping the
-- generation revokes every URL made before. No token is stored, so a database reader has none.
create table calendar_feed (
  user_id uuid primary key references app_user (id),
  generation integer not null default 1,
  created_at timestamptz not null default now()
);
