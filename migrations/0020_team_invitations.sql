-- A team leader invites a neighbour; the neighbour is a member only once they accept.

create table team_invitation (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null references team (id) on delete cascade,
  user_id uuid not null references app_user (id),
  invited_by uuid not null references app_user (id),
  -- How the leader named the person: their list shows that contact, masked, and no more.
  via text not null check (via in ('phone', 'email')),
  status text not null default 'pending' check (status in ('pending', 'accepted', 'declined', 'withdrawn')),
  invited_at timestamptz not null default now(),
  answered_at timestamptz,
  check ((status = 'pending') = (answered_at is null))
);
-- One open invitation per team and person; once answered or withdrawn, they may be invited again.
create unique index team_invitation_pending_idx on team_invitation (team_id, user_id) where status = 'pending';
create index team_invitation_user_pending_idx on team_invitation (user_id) where status = 'pending';

-- Each new membership names the accepted invitation it came from (members from before stay as they are).
alter table team_member add column invitation_id uuid unique references team_invitation (id);

create function team_member_by_acceptance() returns trigger language plpgsql as $$
begin
  if exists (select 1 from team t where t.id = new.team_id and t.leader_id = new.user_id) then
    return new;
  end if;
  if new.invitation_id is not null and exists (
    select 1 from team_invitation i
    where i.id = new.invitation_id and i.team_id = new.team_id and i.user_id = new.user_id and i.status = 'accepted'
  ) then
    return new;
  end if;
  raise exception 'a volunteer joins a team only by accepting an invitation'
    using errcode = 'check_violation';
end $$;
create trigger team_member_by_acceptance before insert or update of team_id, user_id, invitation_id on team_member
  for each row execute function team_member_by_acceptance();
