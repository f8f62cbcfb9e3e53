-- A patient may post a review without being named: the public list then says "Verified
-- patient" instead of the display name. Existing reviews stay named (as posted).
ALTER TABLE "reviews" ADD COLUMN "anonymous" boolean DEFAULT false NOT NULL;
