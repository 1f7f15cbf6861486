-- ReqOtp is forwarded to the account's bank like ReqSetCre (issue 7: a PIN set needs the bank's OTP).
ALTER TABLE forwarded_requests DROP CONSTRAINT forwarded_requests_kind_check;
ALTER TABLE forwarded_requests ADD CONSTRAINT forwarded_requests_kind_check
  CHECK (kind IN ('VALADD', 'LIST_ACCOUNT', 'SET_CRE', 'OTP'));
