-- Counselor office hours and one-to-one bookings (section E, source 5.3 心灵驿站).
-- Times: weekly hours are local Asia/Shanghai wall-clock times; bookings are instants (timestamptz).

-- One row per counselor who has published hours. Booking takes this row FOR SHARE and saving hours
-- takes it FOR UPDATE, so a booking is always checked against one consistent set of rules.
create table counseling_settings (
  counselor_id uuid primary key references app_user (id) on delete cascade,
  min_notice_hours integer not null default 24 check (min_notice_hours between 0 and 336),
  horizon_days integer not null default 28 check (horizon_days between 1 and 90),
  updated_at timestamptz not null default now()
);

-- Weekly hours: weekday 1 = Monday … 7 = Sunday (ISO). Slots run from the start every
-- slot_minutes + buffer_minutes while a whole slot still fits before the end.
create table counseling_rule (
  id uuid primary key default gen_random_uuid(),
  counselor_id uuid not null references counseling_settings (counselor_id) on delete cascade,
  weekday smallint not null check (weekday between 1 and 7),
  starts_time time not null,
  ends_time time not null,
  mode text not null check (mode in ('place', 'online')),
  place text not null check (length(place) between 1 and 120),
  slot_minutes smallint not null check (slot_minutes between 15 and 180),
  buffer_minutes smallint not null default 0 check (buffer_minutes between 0 and 60),
  check (ends_time - starts_time >= make_interval(mins => slot_minutes))
);
create index counseling_rule_counselor_idx on counseling_rule (counselor_id);

-- Date overrides: 'off' drops the weekly hours of that date; 'extra' adds a window on that date
-- (both on one date: only the extra windows are open that day).
create table counseling_override (
  id uuid primary key default gen_random_uuid(),
  counselor_id uuid not null references counseling_settings (counselor_id) on delete cascade,
  on_date date not null,
  kind text not null check (kind in ('off', 'extra')),
  starts_time time,
  ends_time time,
  mode text check (mode in ('place', 'online')),
  place text check (length(place) between 1 and 120),
  slot_minutes smallint check (slot_minutes between 15 and 180),
  buffer_minutes smallint check (buffer_minutes between 0 and 60),
  check (
    (kind = 'off' and starts_time is null and ends_time is null and mode is null and place is null and slot_minutes is null and buffer_minutes is null)
    or (kind = 'extra' and starts_time is not null and ends_time is not null and mode is not null and place is not null
        and slot_minutes is not null and buffer_minutes is not null
        and ends_time - starts_time >= make_interval(mins => slot_minutes))
  )
);
create unique index counseling_override_off_idx on counseling_override (counselor_id, on_date) where kind = 'off';
create index counseling_override_counselor_idx on counseling_override (counselor_id, on_date);

create table counseling_booking (
  id uuid primary key default gen_random_uuid(),
  counselor_id uuid not null references app_user (id),
  worker_id uuid not null references app_user (id),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  -- Copied from the hours when booked, so a later change of hours does not move a booked session.
  mode text not null check (mode in ('place', 'online')),
  place text not null check (length(place) between 1 and 120),
  -- Shown to the counselor instead of the worker's name when set.
  alias text check (length(alias) between 1 and 20),
  -- For the counselor's eyes only: never in mail, logs or the audit log.
  note text check (length(note) between 1 and 500),
  status text not null default 'booked' check (status in ('booked', 'cancelled', 'attended', 'no_show')),
  -- iCalendar SEQUENCE and the generation of the signed links: up by one on every change.
  sequence integer not null default 0 check (sequence >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  cancelled_at timestamptz,
  marked_at timestamptz,
  -- Set when the day-before reminder is queued (or when none is due: booked less than a day ahead).
  reminded_at timestamptz,
  check (ends_at > starts_at),
  check ((status = 'cancelled') = (cancelled_at is not null))
);
-- The database decides who gets a slot: one live booking per counselor and start, however many
-- try at once. Slot starts come from the hours, so two live bookings of one rule set never
-- overlap unless they start together — which this index refuses.
create unique index counseling_booking_slot_idx on counseling_booking (counselor_id, starts_at) where status <> 'cancelled';
create index counseling_booking_worker_idx on counseling_booking (worker_id, starts_at);
create index counseling_booking_counselor_idx on counseling_booking (counselor_id, starts_at);
create index counseling_booking_reminder_idx on counseling_booking (starts_at) where status = 'booked' and reminded_at is null;

-- Mail may carry an iCalendar invite (text/calendar alternative part with its METHOD).
alter table email_outbox add column ics text;
alter table email_outbox add column ics_method text check (ics_method in ('REQUEST', 'CANCEL', 'PUBLISH'));
alter table email_outbox add check ((ics is null) = (ics_method is null));
