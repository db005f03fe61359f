-- Certificates of volunteer service hours (志愿服务时长证明).
-- A certificate states what the hours ledger said when it was issued. Later corrections to the
-- ledger do not change it (the volunteer issues a new one), so it is kept append-only like the
-- ledger, with its own copy of the name, the issuing unit and every line it prints.

create table hours_certificate (
  id uuid primary key default gen_random_uuid(),
  volunteer_id uuid not null references app_user (id),
  -- Printed on the certificate and typed into /verify/<code>: 12 characters of an alphabet
  -- without 0/O and 1/I (60 random bits), so it can neither be guessed nor mistyped unnoticed.
  code text not null unique check (code ~ '^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{12}$'),
  volunteer_name text not null check (length(volunteer_name) between 1 and 40),
  -- The volunteer's street and community when issued, e.g. '东湖街道湖滨社区'; null without a home community.
  issuer text check (length(issuer) <= 130),
  total_minutes integer not null check (total_minutes >= 0),
  callout_count integer not null check (callout_count >= 0),
  issued_at timestamptz not null default now()
);
create index hours_certificate_volunteer_idx on hours_certificate (volunteer_id, issued_at desc);
create trigger hours_certificate_append_only before update or delete on hours_certificate
  for each row execute function refuse_change();
create trigger hours_certificate_no_truncate before truncate on hours_certificate
  for each statement execute function refuse_change();

-- The callouts a certificate lists, as they stood when it was issued.
create table hours_certificate_line (
  certificate_id uuid not null references hours_certificate (id),
  position integer not null check (position >= 1),
  callout_id uuid not null references callout (id),
  title text not null,
  starts_at timestamptz not null,
  minutes integer not null check (minutes between 1 and 1440),
  primary key (certificate_id, position)
);
create trigger hours_certificate_line_append_only before update or delete on hours_certificate_line
  for each row execute function refuse_change();
create trigger hours_certificate_line_no_truncate before truncate on hours_certificate_line
  for each statement execute function refuse_change();
