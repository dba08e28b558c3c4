"""Why an edition cannot be started: ``EditionCopyError`` and its messages, written once
and lazily translated."""

from django.utils.translation import gettext_lazy as _

# Every message a user can get, defined once.
MESSAGES = {
    "not_after": _(
        "La nouvelle édition doit commencer après le premier jour de l'édition copiée (%(date)s)."
    ),
    "year_exists": _(
        "L'édition %(year)s existe déjà. Choisissez une autre date, ou supprimez d'abord cette édition."
    ),
    "slug_taken": _("L'adresse « %(slug)s » est déjà prise par la page « %(title)s » (%(language)s)."),
    "drafts": _(
        "Ces pages ont des modifications non publiées. Publiez-les ou supprimez-les, puis recommencez :"
    ),
    "missing_translations": _(
        "Ces pages n'ont pas de version en %(language)s. Traduisez-les (ou supprimez-les), puis recommencez :"
    ),
    "no_source": _(
        "Cette édition n'existe pas dans la langue source du site (%(language)s) : "
        "on ne peut copier une édition qu'à partir de sa version source."
    ),
    "permission": _("Vous n'avez pas le droit de créer une nouvelle édition à partir de celle-ci."),
    "gone": _("Cette édition n'existe plus."),
    "invalid_page": _("La copie de la page « %(title)s » a échoué (%(error)s). Rien n'a été créé."),
}

# How many pages a refusal lists before summing up the rest.
MAX_LISTED = 15


class EditionCopyError(Exception):
    """The edition cannot be started. ``code`` says why (a key of MESSAGES), ``message`` says
    it to the user, ``details`` lists the pages concerned, if any."""

    def __init__(self, code, *, details=(), **params):
        self.code = code
        self.message = MESSAGES[code] % params if params else MESSAGES[code]
        self.details = list(details)
        super().__init__(code)

    def __str__(self):
        listed = [str(item) for item in self.details[:MAX_LISTED]]
        if len(self.details) > MAX_LISTED:
            listed.append(_("et %(count)s autres") % {"count": len(self.details) - MAX_LISTED})
        return " ".join([str(self.message), ", ".join(listed)]).strip()
