-- PUT /doctors/me/availability used to store a time zone as typed (`asia/tokyo`); every input
-- now stores the canonical spelling. Rows written before get the database's spelling of the
-- same zone (a case-only difference: both name the same IANA zone).
UPDATE doctors d
   SET timezone = z.name
  FROM pg_timezone_names z
 WHERE lower(z.name) = lower(d.timezone)
   AND z.name <> d.timezone;
