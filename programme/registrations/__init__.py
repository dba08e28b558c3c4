"""Registration for sessions and routes: capacity, waiting list, e-mails, personal link,
organiser tools. Business rules live in the services package; see its docstring for the design."""
