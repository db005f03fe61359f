-- Volunteer teams (e.g. 银发志愿服务队) and places a callout reserves for one of them.

create table team (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 2 and 40),
  community_id uuid not null references org_unit (id),
  leader_id uuid not null references app_user (id),
  created_at timestamptz not null default now(),
  unique (community_id, name)
);

create table team_member (
  team_id uuid not null references team (id) on delete cascade,
  user_id uuid not null references app_user (id),
  joined_at timestamptz not null default now(),
  primary key (team_id, user_id)
);
create index team_member_user_idx on team_member (user_id);

alter table callout
  add column team_id uuid references team (id),
  add column team_slots integer not null default 0,
  -- Reserved places nobody from the team took open to everyone from this moment.
  add column team_release_at timestamptz,
  -- Set once the release has happened and the waitlist has moved up into the freed places.
  add column team_released_at timestamptz,
  add check (team_slots between 0 and slots),
  add check ((team_id is null) = (team_slots = 0)),
  add check (team_release_at is null or team_release_at <= starts_at);

-- Set when the leader signed the member into the team's reserved places.
alter table signup add column team_id uuid references team (id);
