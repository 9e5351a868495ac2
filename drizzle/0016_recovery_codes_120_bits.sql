-- Recovery codes had 40 bits and an unsalted hash: they are withdrawn. People make new ones (120 bits) from their account page.
DELETE FROM "recovery_codes";
