-- Run once by the postgres image on an empty volume (docker-compose.yml): the image creates
-- `gatehouse` from POSTGRES_DB; integration tests use a second database next to it.
CREATE DATABASE gatehouse_test;
