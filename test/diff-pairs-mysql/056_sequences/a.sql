-- pair: MariaDB sequences: options changed, one added, one dropped
-- requires: mariadb

CREATE SEQUENCE s1 START WITH 1 INCREMENT BY 1;
CREATE SEQUENCE gone;
