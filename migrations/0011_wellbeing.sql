-- Anonymous weekly check-ins (section E). Anonymity is a property of these tables: read
-- docs/anonymity.md for the argument and src/lib/server/wellbeing/checkin.test.ts for what is tested.

-- The answers. No user, no session, no time (the ISO week only), the community (not the grid),
-- and a random id, so nothing here orders or names a person.
create table checkin (
  id uuid primary key default gen_random_uuid(),
  iso_week text not null check (iso_week ~ '^[0-9]{4}-W[0-9]{2}$'),
  community_id uuid not null references org_unit (id),
  who5 smallint[] not null check (array_length(who5, 1) = 5 and 0 <= all (who5) and 5 >= all (who5)),
  pss4 smallint[] not null check (array_length(pss4, 1) = 4 and 0 <= all (pss4) and 4 >= all (pss4)),
  burnout smallint not null check (burnout between 1 and 5),
  who5_score smallint not null check (who5_score between 0 and 100),
  pss4_score smallint not null check (pss4_score between 0 and 16),
  -- False until the mixing round has rewritten the row together with at least four others (see docs).
  mixed boolean not null default false
);
create index checkin_week_idx on checkin (iso_week, community_id) where mixed;

-- "This person has checked in this week": a keyed hash of (user, week) and nothing else.
create table checkin_token (
  token text primary key check (token ~ '^[0-9a-f]{64}$')
);

insert into app_secret (name, value)
  values ('checkin_key', encode(sha256((gen_random_uuid()::text || gen_random_uuid()::text)::bytea), 'hex'));
