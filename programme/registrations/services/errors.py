"""The one exception of the registration services, with every message a visitor or an
organiser can see, defined once."""

from django.utils.translation import gettext_lazy as _

TAKEN_AT_THIS_TIME = _(
    "Cette adresse e-mail est déjà inscrite à cette heure-là, à cette séance ou à une autre "
    "qui a lieu en même temps. Le lien personnel reçu par e-mail indique laquelle ; pour "
    "choisir une autre séance, annulez d'abord celle-là."
)


class RegistrationError(Exception):
    """A refusal the visitor or organiser can understand; ``code`` is for programs."""

    MESSAGES = {
        "not_registrable": _("Cette séance ne prend pas d'inscription en ligne."),
        "not_open": _("Les inscriptions à cette séance ouvriront le %(date)s."),
        "closed": _("Les inscriptions à cette séance sont closes."),
        "full": _("Cette séance est complète."),
        # One message for both: a different answer would tell a stranger whether a known
        # address holds this session or another one at the same time. The codes stay
        # distinct for programs; the personal link says which session it is.
        "already_registered": TAKEN_AT_THIS_TIME,
        "clash": TAKEN_AT_THIS_TIME,
        "not_live": _("Cette inscription est déjà annulée."),
        "not_waiting": _("Cette inscription n'est pas sur la liste d'attente."),
        "not_confirmed": _("Seule une inscription confirmée peut être pointée."),
        "no_place": _("Aucune place n'est libre : augmentez d'abord le nombre de places de la séance."),
        "rate_limited": _(
            "Trop de demandes depuis votre connexion. Merci de réessayer dans quelques minutes."
        ),
        "spam": _("Votre demande n'a pas pu être traitée."),
        # On the day (services/check_in.py).
        "unknown_code": _("Code inconnu : vérifiez-le, ou cherchez la personne par son nom."),
        "other_edition": _("Ce code est celui d'une autre édition."),
        "other_session": _("Cette personne est inscrite à une autre séance."),
        "walk_in_full": _(
            "Plus aucune place libre : seul·e un·e gestionnaire des inscriptions peut ajouter "
            "quelqu'un au-delà de la capacité."
        ),
        "walk_in_registered": _(
            "Cette personne est déjà inscrite à cette séance : retrouvez-la dans la liste."
        ),
        "session_cancelled": _("Cette séance est annulée par les organisateurs."),
        # The day planner (services/planner.py).
        "plan_invalid": _("Choisissez au moins une séance, une seule par créneau."),
        "plan_clash": _("Deux des séances choisies ont lieu en même temps : n'en gardez qu'une."),
        "plan_dropped": _("Cette séance n'a pas été retenue."),
        # The waiting list's offers (services/offers.py).
        "not_offered": _("Aucune place ne vous est proposée pour cette séance."),
        "offer_expired": _(
            "Le délai pour accepter cette place est passé : elle a été proposée à la personne suivante."
        ),
        # Options with a number of places (services/options.py).
        "option_full": _(
            "L'un des choix demandés n'a plus de place (par exemple plus de vélo à prêter) : "
            "choisissez-en un autre."
        ),
    }

    def __init__(self, code, **params):
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self):
        """The message, translated into the active language when it is read."""
        text = str(self.MESSAGES[self.code])
        return text % self.params if self.params else text

    def __str__(self):
        return self.message
