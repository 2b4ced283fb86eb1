create table audit_entry (
    id INT primary key,
    created_at TIMESTAMP WITH TIME ZONE not null default CURRENT_TIMESTAMP,
    kind TEXT not null default 'x',
    attempts INT4 not null default (0),
    source CHARACTER VARYING(10) default 'a',
    active BOOL not null default 't'
);

insert into audit_entry (id) values (1);
