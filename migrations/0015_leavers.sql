-- A grid worker's role ends with their leave date. Rights are read through this view on every
-- request, so the role stops on the day itself (a day of Asia/Shanghai) without a timed round, and
-- comes back if HR corrects the date. The membership row stays: who held what is part of the record.
-- The person keeps their account, payslips and career record.
create view active_membership as
select m.*
from membership m
where not (
  m.role = 'grid_worker'
  and exists (
    select 1 from worker w
    where w.user_id = m.user_id and w.leave_date <= (now() at time zone 'Asia/Shanghai')::date
  )
);
