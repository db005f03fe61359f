-- One-time links to set a password: an invitation HR or an admin sends to an account made without
-- one (7 days), or a reset the person asks for themself (1 hour). Only the SHA-256 (hex) of the
-- token is kept; the token itself lives only in the mail. Issuing a new link ends the older unused
-- ones (their expires_at is brought forward to the moment of issue).
create table password_link (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references app_user (id) on delete cascade,
  token_hash text not null unique check (length(token_hash) = 64),
  purpose text not null check (purpose in ('invite', 'reset')),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index password_link_user_idx on password_link (user_id) where used_at is null;
