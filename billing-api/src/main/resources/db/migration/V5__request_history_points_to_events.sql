-- The request history kept its own JSON copy of each accepted event and read it back in today's
-- shape, past the upcasters: a copy written before an event changed shape could not be read, and
-- its resend failed. A row now points at the event itself, which is read like every stored event.
alter table account_request add column sequence_number bigint;

update account_request r
set sequence_number = e.sequence_number
from domain_event_entry e
where e.aggregate_identifier = r.account_id
  and e.payload_type = 'com.creditledger.account.AccountEvent$' || case r.kind
        when 'CHARGE' then 'JobCharged'
        when 'HOLD' then 'CreditsReserved'
        when 'CAPTURE' then 'HoldCaptured'
        when 'RELEASE' then 'HoldReleased'
        when 'EXPIRY' then 'HoldExpired'
        when 'REFUND' then 'JobRefunded'
        when 'TOP_UP' then 'CreditsToppedUp'
        when 'RENEWAL' then 'SubscriptionRenewed' end
  and case r.kind
        when 'TOP_UP' then convert_from(e.payload, 'UTF8')::jsonb ->> 'paymentId' = r.request_key
        when 'RENEWAL' then (convert_from(e.payload, 'UTF8')::jsonb ->> 'periodStart')::timestamptz = r.request_key::timestamptz
        else convert_from(e.payload, 'UTF8')::jsonb ->> 'jobId' = r.request_key end;

-- a row whose event is not in the store would answer for a request nothing recorded: the upgrade stops here
alter table account_request alter column sequence_number set not null;
alter table account_request drop column event;
