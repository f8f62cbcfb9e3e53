-- PHI columns hold `enc:v1:<keyId>:<iv>:<ciphertext>` (AES-256-GCM, encrypted by the app);
-- date_of_birth becomes text so it can too. Existing rows stay readable as legacy plaintext
-- (ISO YYYY-MM-DD here) until `npm run keys:rotate` encrypts them.
ALTER TABLE "users" ALTER COLUMN "date_of_birth" SET DATA TYPE text USING to_char("date_of_birth", 'YYYY-MM-DD');
