-- Callouts (网格员吹哨、志愿者报到, source 3.5): posts, sign-ups with a waitlist, the negative list.

create table callout (
  id uuid primary key default gen_random_uuid(),
  grid_id uuid not null references org_unit (id),
  created_by uuid not null references app_user (id),
  title text not null check (length(title) between 2 and 80),
  description text not null default '' check (length(description) <= 4000),
  category text not null check (category in ('policy', 'patrol', 'elderly', 'mediation', 'emergency', 'civility', 'event_support', 'other')),
  -- source 3.3: normal problems staffed within 24 h, urgent ones within 2 h.
  urgency text not null default 'normal' check (urgency in ('normal', 'urgent')),
  place text not null check (length(place) between 1 and 120),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  slots integer not null check (slots between 1 and 500),
  -- Kept with every sign-up change under the callout's row lock; the check makes overfilling impossible.
  confirmed_count integer not null default 0 check (confirmed_count between 0 and slots),
  required_skills text[] not null default '{}',
  signup_deadline timestamptz not null,
  cancel_deadline timestamptz not null,
  status text not null default 'draft' check (status in ('draft', 'open', 'full', 'in_progress', 'completed', 'cancelled')),
  published_at timestamptz,
  first_signup_at timestamptz,
  fully_staffed_at timestamptz,
  completed_at timestamptz,
  cancelled_at timestamptz,
  result text check (length(result) <= 4000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_at > starts_at),
  check (signup_deadline <= ends_at),
  check (cancel_deadline <= starts_at)
);
create index callout_grid_idx on callout (grid_id, starts_at);
create index callout_status_idx on callout (status, starts_at) where status in ('open', 'full', 'in_progress');

create table signup (
  id uuid primary key default gen_random_uuid(),
  callout_id uuid not null references callout (id),
  volunteer_id uuid not null references app_user (id),
  status text not null check (status in ('confirmed', 'waitlisted', 'cancelled')),
  -- Arrival order, decided under the callout's row lock: the waitlist is served by it.
  seq bigint generated always as identity,
  created_at timestamptz not null default now(),
  confirmed_at timestamptz,
  promoted_at timestamptz,
  cancelled_at timestamptz,
  cancelled_late boolean not null default false,
  check ((status = 'cancelled') = (cancelled_at is not null))
);
-- A double click gives one sign-up, not two.
create unique index signup_active_idx on signup (callout_id, volunteer_id) where status <> 'cancelled';
create index signup_waitlist_idx on signup (callout_id, seq) where status = 'waitlisted';
create index signup_volunteer_idx on signup (volunteer_id, status);

-- 负面清单 (source 3.1): what a callout may never ask volunteers to do. Terms are data an admin extends.
create table negative_term (
  id uuid primary key default gen_random_uuid(),
  rule text not null check (rule in ('law_enforcement', 'demolition', 'economic_dispute')),
  term text not null unique check (length(term) between 2 and 20),
  created_by uuid references app_user (id),
  created_at timestamptz not null default now()
);

insert into negative_term (rule, term) values
  ('law_enforcement', '行政执法'), ('law_enforcement', '执法'), ('law_enforcement', '罚款'),
  ('law_enforcement', '没收'), ('law_enforcement', '查封'), ('law_enforcement', '扣押'),
  ('law_enforcement', '行政处罚'), ('law_enforcement', '强制驱离'),
  ('demolition', '强制拆迁'), ('demolition', '强拆'), ('demolition', '拆迁'),
  ('demolition', '强制拆除'), ('demolition', '拆除违建'), ('demolition', '清拆'),
  ('economic_dispute', '经济纠纷处置'), ('economic_dispute', '经济纠纷'), ('economic_dispute', '讨债'),
  ('economic_dispute', '追债'), ('economic_dispute', '催收'), ('economic_dispute', '收债'),
  ('economic_dispute', '债务纠纷');
