"""The one exception of the registration services, with every message a visitor or an
organiser can see, defined once."""

from django.utils.translation import gettext_lazy as _


class RegistrationError(Exception):
    """A refusal the visitor or organiser can understand; ``code`` is for programs."""

    MESSAGES = {
        "not_registrable": _("Cette séance ne prend pas d'inscription en ligne."),
        "not_open": _("Les inscriptions à cette séance ouvriront le %(date)s."),
        "closed": _("Les inscriptions à cette séance sont closes."),
        "full": _("Cette séance est complète."),
        "already_registered": _(
            "Cette adresse e-mail est déjà inscrite à cette séance, ou sur sa liste d'attente. "
            "Le lien personnel reçu par e-mail permet de retrouver et de gérer l'inscription."
        ),
        "clash": _(
            "Cette adresse e-mail est déjà inscrite à une autre séance qui a lieu en même temps. "
            "Pour choisir celle-ci, annulez d'abord l'autre avec le lien personnel reçu par e-mail."
        ),
        "not_live": _("Cette inscription est déjà annulée."),
        "not_waiting": _("Cette inscription n'est pas sur la liste d'attente."),
        "not_confirmed": _("Seule une inscription confirmée peut être pointée."),
        "no_place": _("Aucune place n'est libre : augmentez d'abord le nombre de places de la séance."),
        "rate_limited": _(
            "Trop de demandes depuis votre connexion. Merci de réessayer dans quelques minutes."
        ),
        "spam": _("Votre demande n'a pas pu être traitée."),
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
