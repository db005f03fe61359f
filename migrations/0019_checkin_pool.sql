-- Check-ins wait sealed until they can be mixed (docs/anonymity.md, src/lib/server/wellbeing/checkin.ts).

-- A submitted answer, sealed (AES-256-GCM) with a key that is not in the database. It is written
-- in the transaction of its token, so it shares the token's xmin and lies in submission order —
-- which is why nothing in it can be read here: not the answers, not the community, not the week.
-- The mixing round opens the pool, and once five or more answers of one community and week wait,
-- writes them to `checkin` in random order in a transaction of its own and deletes them here.
create table checkin_pool (
  id uuid primary key default gen_random_uuid(),
  sealed bytea not null
);

-- A fingerprint of the check-in key (not the key): a process started with another key refuses to
-- write tokens or sealed answers that the other processes could neither match nor open.
create table checkin_key_check (
  only_row boolean primary key default true check (only_row),
  fingerprint text not null check (fingerprint ~ '^[0-9a-f]{32}$')
);

-- The key that turns a person into their token is no longer kept in the database. Without
-- CHECKIN_SECRET the server now makes a key file outside the data directory; tokens made with the
-- old key no longer match, so whoever checked in this week before the upgrade may do so once more.
delete from app_secret where name = 'checkin_key';

-- Answers written before the pool existed share xmin with their token and lie in submission
-- order. Rewrite them at once, in random order and with new ids, in this migration's transaction;
-- they stay unmixed (not counted) until the mixing round takes them with their community and week.
with taken as (
  delete from checkin where not mixed
  returning iso_week, community_id, who5, pss4, burnout, who5_score, pss4_score
)
insert into checkin (iso_week, community_id, who5, pss4, burnout, who5_score, pss4_score, mixed)
select iso_week, community_id, who5, pss4, burnout, who5_score, pss4_score, false from taken order by random();
