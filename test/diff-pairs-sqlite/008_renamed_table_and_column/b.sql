CREATE TABLE client (id INTEGER PRIMARY KEY, full_name TEXT);
CREATE TABLE invoice (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES client (id), memo TEXT);
INSERT INTO client VALUES (1, 'Ann');
INSERT INTO invoice VALUES (1, 1, 'x'), (2, 1, NULL);
