-- A counselor may cancel a session too (ill, called away), giving the worker a reason. Who cancelled
-- is kept so the station's monthly totals can count the two apart; the reason is the counselor's
-- words to the worker, shown to that worker only.
alter table counseling_booking add column cancelled_by text check (cancelled_by in ('worker', 'counselor'));
alter table counseling_booking add column cancel_reason text check (length(cancel_reason) between 2 and 200);
-- Every cancellation so far was the worker's (portal or mail link).
update counseling_booking set cancelled_by = 'worker' where status = 'cancelled';
alter table counseling_booking add check ((status = 'cancelled') = (cancelled_by is not null));
alter table counseling_booking add check (cancel_reason is null or cancelled_by = 'counselor');
