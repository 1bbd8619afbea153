-- A migration from a newer version of the portal than the code under test.
CREATE TABLE from_the_future (id INTEGER);
