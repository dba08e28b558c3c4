"""On the day (check-in codes and QR codes are in ..codes): the printable ticket
(``tickets``), the phone check-in screen and the route leader's kit (``views``,
``urls``: under /admin/jour-j/), and the attendance report (``report``). The write rules
stay in ``services/check_in.py``."""
