"""Organisers talking to registrants (issue 15).

- ``recipients``: who a message goes to (a session, a day or an edition; by status and
  presence), one e-mail per person;
- ``sending``: a manager's message recorded once (idempotency key) and fanned out by one
  task into one ``OutgoingEmail`` per person, in their language, with their link;
- ``cancellation``: a session cancelled by the organisers, its registrations with it;
- ``changes``: what a registrant relies on (day, times, place, meeting point, return),
  compared on publication; one notice per burst of changes, through a delayed task;
- ``notices.py`` (beside this package, used by the outbox): what those e-mails say and attach (``.ics`` REQUEST / CANCEL with the
  confirmation's UID and a higher SEQUENCE), and the team's introductions;
- ``admin_views``, ``forms``, ``hooks``: the admin side.

The e-mails go through the registration outbox (``emails.py``): recorded with the
change, sent by the task worker, retried, never twice; personal data in them goes with
the person's (``services/personal_data.py`` deletes a person's e-mails).
"""
