-- Workforce records and pay (section C). Money is integer fen (分) in bigint columns, always.

-- The employment record of a grid worker (the account holds name, phone, education).
create table worker (
  user_id uuid primary key references app_user (id),
  grid_id uuid not null references org_unit (id),
  position text not null default '网格员' check (length(position) between 1 and 30),
  hire_date date not null,
  leave_date date,
  leave_reason text check (length(leave_reason) between 1 and 200),
  -- Only the last four digits are kept; the bank has the rest.
  bank_last4 text check (bank_last4 ~ '^[0-9]{4}$'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (leave_date is null or leave_date >= hire_date),
  check ((leave_date is null) = (leave_reason is null))
);
create index worker_grid_idx on worker (grid_id);

create table certificate_type (
  code text primary key check (code ~ '^[a-z_]{2,40}$'),
  name text not null unique check (length(name) between 2 and 40),
  created_at timestamptz not null default now()
);
insert into certificate_type (code, name) values
  ('social_worker_junior', '助理社会工作师（初级）'),
  ('social_worker_mid', '社会工作师（中级）'),
  ('social_worker_senior', '高级社会工作师'),
  ('psych_counselor', '心理咨询师'),
  ('emergency_rescuer', '应急救援员');

-- A certificate a worker holds; verified ones that have not expired earn the allowance.
create table worker_certificate (
  id uuid primary key default gen_random_uuid(),
  worker_id uuid not null references worker (user_id),
  type_code text not null references certificate_type (code),
  number text not null default '' check (length(number) <= 60),
  issued_by text not null default '' check (length(issued_by) <= 80),
  issued_on date not null,
  expires_on date,
  verified_at timestamptz,
  verified_by uuid references app_user (id),
  created_at timestamptz not null default now(),
  check (expires_on is null or expires_on > issued_on)
);
create index worker_certificate_worker_idx on worker_certificate (worker_id);

-- What a unit pays, from a date; the structure in force on a month's first day applies to that month.
create table salary_structure (
  id uuid primary key default gen_random_uuid(),
  org_unit_id uuid not null references org_unit (id),
  effective_from date not null,
  base_pay_fen bigint not null check (base_pay_fen >= 0),
  performance_base_fen bigint not null check (performance_base_fen >= 0),
  -- Coefficients in thousandths (1200 = ×1.2), so no fraction is ever stored.
  coefficient_a integer not null check (coefficient_a between 0 and 5000),
  coefficient_b integer not null check (coefficient_b between 0 and 5000),
  coefficient_c integer not null check (coefficient_c between 0 and 5000),
  coefficient_d integer not null check (coefficient_d between 0 and 5000),
  communication_fen bigint not null default 0 check (communication_fen >= 0),
  overtime_hour_fen bigint not null default 0 check (overtime_hour_fen >= 0),
  created_by uuid not null references app_user (id),
  created_at timestamptz not null default now(),
  unique (org_unit_id, effective_from)
);

create table salary_structure_certificate (
  structure_id uuid not null references salary_structure (id) on delete cascade,
  type_code text not null references certificate_type (code),
  monthly_fen bigint not null check (monthly_fen > 0),
  primary key (structure_id, type_code)
);

-- Monthly inputs. A month is its first day.
create table performance_rating (
  worker_id uuid not null references worker (user_id),
  month date not null check (extract(day from month) = 1),
  rating text not null check (rating in ('A', 'B', 'C', 'D')),
  entered_by uuid not null references app_user (id),
  entered_at timestamptz not null default now(),
  primary key (worker_id, month)
);

create table overtime_approval (
  id uuid primary key default gen_random_uuid(),
  worker_id uuid not null references worker (user_id),
  month date not null check (extract(day from month) = 1),
  -- Approved time in minutes: half an hour is 30, never 0.5.
  minutes integer not null check (minutes between 1 and 12000),
  note text not null default '' check (length(note) <= 200),
  approved_by uuid not null references app_user (id),
  created_at timestamptz not null default now()
);
create index overtime_worker_month_idx on overtime_approval (worker_id, month);

-- Deductions are recorded as entered (social insurance, housing fund, income tax withheld), never computed.
create table deduction (
  id uuid primary key default gen_random_uuid(),
  worker_id uuid not null references worker (user_id),
  month date not null check (extract(day from month) = 1),
  kind text not null check (kind in ('social_insurance', 'housing_fund', 'income_tax', 'other')),
  amount_fen bigint not null check (amount_fen > 0),
  note text not null default '' check (length(note) <= 200),
  entered_by uuid not null references app_user (id),
  created_at timestamptz not null default now()
);
create index deduction_worker_month_idx on deduction (worker_id, month);

-- One-off awards, paid through the next run that includes the worker.
create table award (
  id uuid primary key default gen_random_uuid(),
  worker_id uuid not null references worker (user_id),
  kind text not null check (kind in ('annual_excellent', 'honour', 'other')),
  title text not null check (length(title) between 2 and 60),
  amount_fen bigint not null check (amount_fen > 0),
  awarded_on date not null,
  created_by uuid not null references app_user (id),
  created_at timestamptz not null default now()
);
create index award_worker_idx on award (worker_id);

-- A correction of a line in a locked run, entered by HR; it becomes an adjustment line in the
-- run of `month` that includes the worker.
create table pay_adjustment (
  id uuid primary key default gen_random_uuid(),
  worker_id uuid not null references worker (user_id),
  month date not null check (extract(day from month) = 1),
  corrects_line_id uuid not null,
  amount_fen bigint not null check (amount_fen <> 0),
  reason text not null check (length(reason) between 2 and 200),
  created_by uuid not null references app_user (id),
  created_at timestamptz not null default now()
);
create index pay_adjustment_worker_month_idx on pay_adjustment (worker_id, month);

create table payroll_run (
  id uuid primary key default gen_random_uuid(),
  org_unit_id uuid not null references org_unit (id),
  month date not null check (extract(day from month) = 1),
  status text not null default 'draft' check (status in ('draft', 'reviewed', 'approved', 'locked', 'paid')),
  created_by uuid not null references app_user (id),
  created_at timestamptz not null default now(),
  computed_at timestamptz,
  reviewed_by uuid references app_user (id),
  reviewed_at timestamptz,
  approved_by uuid references app_user (id),
  approved_at timestamptz,
  locked_by uuid references app_user (id),
  locked_at timestamptz,
  paid_by uuid references app_user (id),
  paid_at timestamptz,
  unique (org_unit_id, month),
  -- Four eyes: whoever approves neither created nor reviewed the run.
  check (approved_by is null or (approved_by <> created_by and approved_by <> reviewed_by))
);

create table payslip (
  id uuid primary key default gen_random_uuid(),
  run_id uuid not null references payroll_run (id),
  worker_id uuid not null references worker (user_id),
  month date not null,
  unique (run_id, worker_id),
  -- Overlapping runs (a street's and its district's) can never pay one worker twice for a month.
  unique (worker_id, month)
);

-- Earnings are positive, deductions negative; a payslip's totals are always sums of its lines.
create table payroll_line (
  id uuid primary key default gen_random_uuid(),
  payslip_id uuid not null references payslip (id) on delete cascade,
  run_id uuid not null references payroll_run (id),
  position integer not null,
  kind text not null check (kind in ('base', 'performance', 'communication', 'overtime', 'certificate', 'award', 'adjustment', 'deduction')),
  label text not null,
  amount_fen bigint not null,
  -- Where the number came from, in words, for HR and the worker.
  explanation text not null,
  award_id uuid references award (id),
  deduction_id uuid references deduction (id),
  adjustment_id uuid references pay_adjustment (id),
  -- An adjustment names the line of an earlier (locked) run it corrects.
  corrects_line_id uuid references payroll_line (id),
  check ((kind = 'adjustment') = (corrects_line_id is not null)),
  check (kind <> 'deduction' or amount_fen < 0)
);
create index payroll_line_payslip_idx on payroll_line (payslip_id, position);
create index payroll_line_run_idx on payroll_line (run_id);
alter table pay_adjustment add foreign key (corrects_line_id) references payroll_line (id);
-- An award is paid by one line only, draft or not.
create unique index payroll_line_award_once on payroll_line (award_id) where award_id is not null;

-- Once locked, a run and everything in it is fixed, whatever code path tries: only the step
-- locked → paid (with who and when) is let through.
create function payroll_run_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    if old.status in ('locked', 'paid') then
      raise exception 'payroll run % is locked', old.id using errcode = 'insufficient_privilege';
    end if;
    return old;
  end if;
  if old.status = 'locked' and new.status = 'paid'
     and (new.id, new.org_unit_id, new.month, new.created_by, new.created_at, new.computed_at, new.reviewed_by, new.reviewed_at,
          new.approved_by, new.approved_at, new.locked_by, new.locked_at)
       is not distinct from
         (old.id, old.org_unit_id, old.month, old.created_by, old.created_at, old.computed_at, old.reviewed_by, old.reviewed_at,
          old.approved_by, old.approved_at, old.locked_by, old.locked_at) then
    return new;
  end if;
  if old.status in ('locked', 'paid') then
    raise exception 'payroll run % is locked', old.id using errcode = 'insufficient_privilege';
  end if;
  return new;
end $$;
create trigger payroll_run_locked before update or delete on payroll_run
  for each row execute function payroll_run_guard();

create function payroll_content_guard() returns trigger language plpgsql as $$
declare
  run_status text;
begin
  select status into run_status from payroll_run
    where id = case when tg_op = 'DELETE' then old.run_id else new.run_id end;
  if run_status in ('locked', 'paid') then
    raise exception 'payroll run is locked; % refused', tg_op using errcode = 'insufficient_privilege';
  end if;
  if tg_op = 'UPDATE' and old.run_id <> new.run_id then
    select status into run_status from payroll_run where id = old.run_id;
    if run_status in ('locked', 'paid') then
      raise exception 'payroll run is locked; % refused', tg_op using errcode = 'insufficient_privilege';
    end if;
  end if;
  if tg_op = 'DELETE' then return old; end if;
  return new;
end $$;
create trigger payslip_locked before insert or update or delete on payslip
  for each row execute function payroll_content_guard();
create trigger payroll_line_locked before insert or update or delete on payroll_line
  for each row execute function payroll_content_guard();
create trigger payroll_no_truncate before truncate on payroll_run
  for each statement execute function refuse_change();
create trigger payslip_no_truncate before truncate on payslip
  for each statement execute function refuse_change();
create trigger payroll_line_no_truncate before truncate on payroll_line
  for each statement execute function refuse_change();
