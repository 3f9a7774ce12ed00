"""Drawing form fields fast, with the very HTML WTForms draws.

WTForms builds each attribute through Markup.format (a Python string formatter: ~10 us an attribute, and a field
checked as it is left has a dozen), and walks every choice of a select on every render. Here: the same attribute
syntax joined directly, inputs drawn with it, and selects whose choices are made once per process (options())
drawn once per chosen value.
"""
from functools import cache, lru_cache

from markupsafe import Markup, escape
from wtforms import SelectChoice
from wtforms.fields.choices import Choice
from wtforms.widgets import Input, Select
from wtforms.widgets.core import clean_key


def html_params(**kwargs) -> Markup:
    """wtforms.widgets.html_params, without a string formatter per attribute (the same output)."""
    parts = []
    for key, value in sorted(kwargs.items()):
        key = escape(clean_key(key))
        if value is True:
            parts.append(key)
        elif value is not False:
            parts.append(f'{key}="{str(escape(value)).replace(chr(34), "&quot;")}"')
    return Markup(" ".join(parts))


@cache
def _fast_class(widget_class: type) -> type:
    return type(widget_class.__name__, (widget_class,), {"html_params": staticmethod(html_params),
                                                         "__module__": __name__})


@lru_cache(maxsize=64)
def fast_widget(widget):
    """The same input widget (an instance of a subclass of its class, with its settings) drawn with html_params;
    None for any other widget."""
    if not isinstance(widget, Input) or type(widget).html_params is not Input.html_params:
        return None
    fast = object.__new__(_fast_class(type(widget)))
    fast.__dict__.update(vars(widget))
    return fast


class Options(tuple):
    """A select's choices made once per process (see options()): their values as a set, for checking a choice
    without walking every option, and the <select> already rendered for each chosen value."""

    RENDERED_MAX = 256  # per list: a few chosen values times the ways a page draws the field

    def __new__(cls, choices):
        self = super().__new__(cls, choices)
        self.values = frozenset(str(choice.value) for choice in self)
        self.rendered = {}
        return self


@lru_cache(maxsize=256)
def _options(pairs: tuple) -> Options:
    return Options(SelectChoice(value, label) for value, label in pairs)


def options(pairs) -> Options:
    """(value, label) pairs as a select's choices, made once per process for each list."""
    return _options(tuple(pairs))


class CachedSelect(Select):
    """WTForms' Select. With options() as the choices, each <select> is rendered once per chosen value and set of
    attributes, then reused: the country list alone has 244 options. Other choices: each <option> remembered."""

    def __call__(self, field, **kwargs):
        choices = field.choices
        options_from = kwargs.pop("options_from", None)
        if not isinstance(choices, Options) or self.multiple or field.coerce is not str:
            return super().__call__(field, **kwargs)
        if options_from:
            return _deferred(field, choices, options_from, kwargs)
        kwargs.setdefault("id", field.id)
        try:  # everything the HTML depends on (the flags WTForms turns into attributes included)
            key = (field.name, field.data if field.data in choices.values else None, field.flags.required,
                   field.flags.disabled, tuple(sorted(kwargs.items())))
            html = choices.rendered.get(key)
        except TypeError:  # an attribute value that cannot be a key
            return super().__call__(field, **kwargs)
        if html is None:
            html = super().__call__(field, **kwargs)
            if len(choices.rendered) >= Options.RENDERED_MAX:
                choices.rendered.pop(next(iter(choices.rendered)), None)
            choices.rendered[key] = html
        return html

    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw or not isinstance(choice.value, str | int):
            return super().render_option(choice, **kwargs)
        return _option(choice.value, str(choice.label), bool(choice.selected))


def _deferred(field, choices: Options, url: str, kwargs: dict) -> Markup:
    """The <select> with its chosen option alone, and an element that loads every option from `url` (a cacheable
    answer, see options_html) as soon as htmx puts it on the page: a long list (244 countries, 2.4 KB gzipped)
    travels once per browser instead of in every swap of the step."""
    kwargs.setdefault("id", field.id)
    chosen = next((c for c in choices if str(c.value) == str(field.data)), choices[0] if choices else None)
    if field.flags.required:
        kwargs.setdefault("required", True)
    only = _option(chosen.value, str(chosen.label), True) if chosen is not None else ""
    # hx-disabled-elt unset: the loader must not inherit its form's "find .actions button" (nothing inside it);
    # hx-push-url false: nor a search form's hx-push-url, which put the list's address in the address bar (a reload
    # showed bare <option>s, Back a broken page)
    loader = Markup('<span hidden hx-get="{}" hx-trigger="load" hx-target="#{}" hx-swap="innerHTML" '
                    'hx-disabled-elt="unset" hx-push-url="false"></span>').format(url, kwargs["id"])
    return Markup(f"<select {html_params(name=field.name, **kwargs)}>{only}</select>") + loader


def options_html(choices: Options, chosen: str | None) -> Markup:
    """Every <option> of `choices`, `chosen` selected: what a deferred <select> loads."""
    return Markup("").join(_option(c.value, str(c.label), str(c.value) == chosen) for c in choices)


@lru_cache(maxsize=8192)
def _option(value, label: str, selected: bool):
    return Select.render_option(Choice(value, label, selected, None))


