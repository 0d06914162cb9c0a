"""Before and after posting: "Can I post this?", the caption check, the publication log and takedowns.

Which consent a post needs (the rule the check, the log and takedowns all follow):

- a post on an account whose platform is ``Platform.BLOG`` is on the school's own web pages, so it needs the
  active "website" purpose (key ``website``) when there is one;
- a post on any other account (Facebook, Instagram, X, YouTube...) needs every active purpose marked
  ``social_media`` that covers its media: "Social media photos" for a photo, "Social media videos" for a video
  (a purpose for "both" is needed by either);
- with no active purpose that covers the post, nobody may be shown (the school has retired the purposes: Settings).

A pupil may be shown when every purpose needed allows it on the day (granted, or granted with restrictions: the
restrictions are shown); a pupil flagged "never publish" or off roll never may. Not returned counts as refused.

A withdrawal, or an amendment that takes consent away, opens a takedown for every logged post showing the pupil
that the new consent no longer allows: to be removed where practicable, or marked not practicable with why.

The package's modules, by what they do: :mod:`.purposes` (the rule above), :mod:`.check` (the verdicts),
:mod:`.caption` (the full-name caption check), :mod:`.log` (the publication log), :mod:`.takedowns`,
:mod:`.dashboard` (its checks) and :mod:`.wording` (dates, counts and pupils in words, shared).
Callers import from the package: ``from smgov.data.services import posting``.
"""

from smgov.data.models import PostMedia
from smgov.data.services.posting.caption import NamedPupil, caption_names, fold_words, prepare_caption_check
from smgov.data.services.posting.check import (
    POSTING_STATUSES,
    CheckResult,
    PupilVerdict,
    Verdict,
    check,
    pupils_in_class,
)
from smgov.data.services.posting.dashboard import SECTION, chase_check, rollover_check, takedown_check
from smgov.data.services.posting.log import (
    MAX_CAPTION,
    MAX_DESCRIPTION,
    OVERRIDE_NOTE,
    PostDetails,
    PostPupil,
    PostRow,
    get_post,
    list_posts,
    log_post,
)
from smgov.data.services.posting.purposes import WEBSITE_PLATFORMS, WEBSITE_PURPOSE, Need, needed_purposes
from smgov.data.services.posting.takedowns import (
    MAX_REASON,
    TakedownRow,
    list_takedowns,
    mark_not_practicable,
    mark_removed,
    open_takedowns,
)

__all__ = [
    "MAX_CAPTION",
    "MAX_DESCRIPTION",
    "MAX_REASON",
    "OVERRIDE_NOTE",
    "POSTING_STATUSES",
    "SECTION",
    "WEBSITE_PLATFORMS",
    "WEBSITE_PURPOSE",
    "CheckResult",
    "NamedPupil",
    "Need",
    "PostDetails",
    "PostMedia",
    "PostPupil",
    "PostRow",
    "PupilVerdict",
    "TakedownRow",
    "Verdict",
    "caption_names",
    "chase_check",
    "check",
    "fold_words",
    "get_post",
    "list_posts",
    "list_takedowns",
    "log_post",
    "mark_not_practicable",
    "mark_removed",
    "needed_purposes",
    "open_takedowns",
    "prepare_caption_check",
    "pupils_in_class",
    "rollover_check",
    "takedown_check",
]
