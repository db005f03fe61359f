-- Mail meant for its recipient's eyes only (counseling of any kind, password links, pay): the demo
-- mailbox, which admins read, shows it to nobody but that recipient. It is marked when queued, by
-- the code that knows what the mail is about. Mail queued before this column existed counts as
-- private, since nothing recorded says which of it was.
alter table email_outbox add column private_to_recipient boolean not null default true;
