//! What to fill: a profile's values and a page snapshot in, a [`FillPlan`] out.
//!
//! The plan is plain data (actions on fields by index, and a report line per
//! field) so the rules are tested here and the glue only replays it. Rules:
//! - a field already holding the wanted value is left alone, so filling twice
//!   changes nothing the second time;
//! - a field holding another value is kept unless the user asked to
//!   overwrite (what the user typed, or what the portal already had, is never
//!   lost silently);
//! - redirect URIs are merged: existing entries are kept, only missing ones are
//!   added, never twice.

use serde::{Deserialize, Serialize};

use crate::names::{self, Severity};
use crate::page::{split_uris, FieldSnapshot, PageKind, PageSnapshot, Widget};
use crate::portal::Portal;
use crate::portals::{self, FormSpec, ImplicitOAuthBox, NeededSwitch, Target, UriList};
use crate::profile::{ClientField, ClientValues};
use crate::uri::RedirectUri;

/// What the user chose when asking for a fill.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FillOptions {
    /// Replace fields that already hold another value.
    pub overwrite: bool,
}

/// One change to make on the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum FillAction {
    /// Set a text control's value.
    SetValue {
        /// The field's snapshot index.
        field: usize,
        /// The new value.
        value: String,
    },
    /// Commit tokens through a token widget (the field is the widget's
    /// submitted input).
    AddTokens {
        /// The field's snapshot index.
        field: usize,
        /// Tokens to add, in order.
        tokens: Vec<String>,
    },
    /// Add entries to a list with one entry per URI: chips committed with
    /// Enter, or rows of inputs (filling empty rows, then adding rows).
    AddEntries {
        /// The snapshot index of the chip input, or of one row.
        field: usize,
        /// Entries to add, in order.
        entries: Vec<String>,
        /// Which kind of list the page showed.
        mode: EntryMode,
        /// Texts of the button that adds a row.
        add_row: Vec<String>,
    },
    /// Check or uncheck a checkbox.
    SetChecked {
        /// The field's snapshot index.
        field: usize,
        /// The wanted state.
        checked: bool,
    },
}

/// How a list with one entry per URI takes entries, as far as the page
/// showed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum EntryMode {
    /// A chip input: type the entry, press Enter.
    Chips,
    /// Rows of inputs: fill an empty row, add a row when none is left.
    Rows,
    /// One empty input and nothing else: a chip input without chips or a
    /// list's only row. The glue commits with Enter and, when the input
    /// keeps the text (a row), goes on with rows.
    Either,
}

/// What happened to one field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    /// Filled (or added to).
    Filled,
    /// Already right; nothing done.
    Unchanged,
    /// Left as it was, for the reason given.
    Skipped,
    /// The page has no such field, or the profile no such value.
    Missing,
    /// Filled, but the page no longer holds the value (its script changed
    /// or replaced the field after the fill).
    Changed,
    /// Filled, but the page removed the field after the fill.
    Gone,
}

impl Outcome {
    /// The serialized name, also the popup's `data-outcome`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Filled => "filled",
            Outcome::Unchanged => "unchanged",
            Outcome::Skipped => "skipped",
            Outcome::Missing => "missing",
            Outcome::Changed => "changed",
            Outcome::Gone => "gone",
        }
    }
}

/// One line of the fill report shown in the popup.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FillLine {
    /// The field as the portal labels it.
    pub field: String,
    /// What happened.
    pub outcome: Outcome,
    /// Why, in a sentence.
    pub detail: String,
}

/// The actions to replay on the page and the report to show.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FillPlan {
    /// Changes, in page order.
    pub actions: Vec<FillAction>,
    /// A line per field the profile or the page has.
    pub lines: Vec<FillLine>,
    /// Things the user should know before submitting.
    pub warnings: Vec<String>,
    /// The button to press first: the form is behind it (a dialog) and
    /// none of its fields is on the page yet.
    pub open: Option<String>,
    /// None of the form's fields is on the page: it is still rendering (the
    /// page was recognised by its address) or it is not this page's.
    pub form_absent: bool,
    /// The choice to make first (control label, option text): the page
    /// shows the form once it is made.
    pub choose: Option<(String, String)>,
    /// Lists with no row yet, by group name, with the texts of the button
    /// that adds one: Fill adds a row to each, then fills.
    pub grow: Vec<(String, Vec<String>)>,
}

fn is_text_control(f: &FieldSnapshot) -> bool {
    f.widget != Widget::TokenInput
        && (f.tag == "textarea"
            || (f.tag == "input"
                && matches!(
                    f.input_type.as_str(),
                    "" | "text" | "url" | "email" | "search" | "tel"
                ))
            || f.widget == Widget::TokenField)
}

/// Finds a target's field: the first text control by label, else by id or
/// name.
fn find<'p>(page: &'p PageSnapshot, target: &Target) -> Option<&'p FieldSnapshot> {
    page.fields_named(target.labels, target.names)
        .find(|f| is_text_control(f))
}

/// The Application Name (legacy) or Display Name (Meta) field of a form
/// page, which the live name check watches.
pub fn app_name_field(page: &PageSnapshot) -> Option<(Portal, &FieldSnapshot)> {
    let kind = page.kind();
    let portal = kind.portal()?;
    let target = kind
        .form()?
        .targets
        .iter()
        .find(|t| t.field == ClientField::AppName)?;
    find(page, target).map(|field| (portal, field))
}

/// The fields of `page` its form's targets are found in, in page order: the
/// glue watches the smallest part of the page that holds them.
pub fn form_fields(page: &PageSnapshot) -> Vec<usize> {
    let Some(form) = page.kind().form() else {
        return Vec::new();
    };
    // A handful of fields: kept in order as they are found, which costs the
    // content script no sort routine of its own.
    let mut indices: Vec<usize> = Vec::new();
    for index in form
        .targets
        .iter()
        .filter_map(|t| find(page, t))
        .map(|f| f.index)
    {
        if let Err(at) = indices.binary_search(&index) {
            indices.insert(at, index);
        }
    }
    indices
}

/// The fields of `page` that may be its form's one-entry-per-URI list (chips
/// or rows), which the glue then inspects more closely; none where the
/// page's form takes its URIs in one control.
pub fn list_fields(page: &PageSnapshot) -> Vec<usize> {
    let Some(form) = page
        .kind()
        .form()
        .filter(|f| f.uri_list == UriList::Entries)
    else {
        return Vec::new();
    };
    let mut indices: Vec<usize> = form
        .targets
        .iter()
        .filter(|t| {
            matches!(
                t.field,
                ClientField::RedirectUris | ClientField::JavascriptOrigins
            )
        })
        .flat_map(|t| page.fields_named(t.labels, t.names))
        .filter(|f| is_text_control(f))
        .map(|f| f.index)
        .collect();
    indices.dedup();
    indices
}

fn value_of(values: &ClientValues, field: ClientField) -> Option<&str> {
    match field {
        ClientField::AppName => values.app_name.as_deref(),
        ClientField::Description => values.description.as_deref(),
        ClientField::CompanyName => values.company_name.as_deref(),
        ClientField::WebsiteUrl => values.website_url.as_deref(),
        ClientField::PrivacyPolicyUrl => values.privacy_policy_url.as_deref(),
        ClientField::ContactEmail => values.contact_email.as_deref(),
        ClientField::DeauthorizeUrl => values.deauthorize_url.as_deref(),
        ClientField::DataDeletionUrl => values.data_deletion_url.as_deref(),
        ClientField::RedirectUris | ClientField::JavascriptOrigins => None,
    }
}

/// What a fill of a page without a client form says.
pub const NO_FORM: &str = "This page has no client form to fill.";

/// Plans filling `page` with `values`, which were derived for the page's
/// provider ([`PageKind::provider`](crate::page::PageKind::provider)).
pub fn plan_fill(page: &PageSnapshot, values: &ClientValues, options: FillOptions) -> FillPlan {
    let kind = page.kind();
    let mut plan = FillPlan::default();
    let (Some(portal), Some(form)) = (kind.portal(), kind.form()) else {
        plan.warnings.push(NO_FORM.to_owned());
        return plan;
    };
    let found: Vec<Option<&FieldSnapshot>> = form.targets.iter().map(|t| find(page, t)).collect();
    plan.form_absent = found.iter().all(Option::is_none);
    if let Some(opener) = form.opener {
        if plan.form_absent && page.has_button(opener) {
            plan.open = Some(opener.to_owned());
            return plan;
        }
    }
    if let Some(choose) = form.choose {
        if plan.form_absent {
            plan.choose = Some((choose.label.to_owned(), choose.option.to_owned()));
            return plan;
        }
    }
    for (target, field) in form.targets.iter().zip(found) {
        let list = matches!(
            target.field,
            ClientField::RedirectUris | ClientField::JavascriptOrigins
        );
        let wanted_entries = match target.field {
            ClientField::JavascriptOrigins => &values.javascript_origins,
            _ => &values.redirect_uris,
        };
        let empty_group = (field.is_none() && list && form.uri_list == UriList::Entries)
            .then(|| page.group_named(target.labels))
            .flatten()
            .filter(|g| {
                g.buttons
                    .iter()
                    .any(|b| form.add_row.iter().any(|a| a.eq_ignore_ascii_case(b)))
            });
        if let (Some(group), false) = (empty_group, wanted_entries.is_empty()) {
            plan.grow.push((
                group.name.clone(),
                form.add_row.iter().map(|a| (*a).to_owned()).collect(),
            ));
            plan.lines.push(FillLine {
                field: target.label.to_owned(),
                outcome: Outcome::Missing,
                detail: "The list has no row yet.".to_owned(),
            });
            continue;
        }
        let prefilled = field
            .filter(|f| !f.user_edited && form.prefilled.iter().any(|p| f.value.starts_with(p)));
        let cleared;
        let field = match prefilled {
            Some(f) => {
                cleared = FieldSnapshot {
                    value: String::new(),
                    ..f.clone()
                };
                Some(&cleared)
            }
            None => field,
        };
        let line = match (field, target.field) {
            (None, _) => FillLine {
                field: target.label.to_owned(),
                outcome: Outcome::Missing,
                detail: "Not found on this page.".to_owned(),
            },
            (Some(field), ClientField::RedirectUris) => match form.uri_list {
                UriList::Separated if portals::STEPS.separated_list => plan_uris(
                    field,
                    target.label,
                    &values.redirect_uris,
                    &mut plan.actions,
                ),
                UriList::Entries if portals::STEPS.entry_list => {
                    plan_entries(page, form, target, &values.redirect_uris, &mut plan.actions)
                }
                UriList::Single if portals::STEPS.single_uri => plan_single(
                    field,
                    target.label,
                    &values.redirect_uris,
                    options,
                    &mut plan,
                ),
                // A step this build left out (see `portals::Steps`).
                UriList::Separated | UriList::Single | UriList::Entries => FillLine {
                    field: target.label.to_owned(),
                    outcome: Outcome::Skipped,
                    detail: "This build of ClientFill cannot fill this list.".to_owned(),
                },
            },
            // A broker that signs in from its server needs no origin.
            (Some(_), ClientField::JavascriptOrigins) if wanted_entries.is_empty() => FillLine {
                field: target.label.to_owned(),
                outcome: Outcome::Unchanged,
                detail: "None needed: the broker's login runs on its server.".to_owned(),
            },
            (Some(_), ClientField::JavascriptOrigins) if portals::STEPS.entry_list => {
                plan_entries(page, form, target, wanted_entries, &mut plan.actions)
            }
            (Some(field), _) => plan_text(
                field,
                target.label,
                value_of(values, target.field),
                options,
                &mut plan.actions,
            ),
        };
        plan.lines.push(line);
    }
    if let Some(checkbox) = form
        .implicit_oauth
        .filter(|_| portals::STEPS.implicit_oauth)
    {
        plan_implicit_oauth(page, values, checkbox, &mut plan);
    }
    for switch in form.switches {
        plan_switch(page, switch, &mut plan);
    }
    plan.warnings.extend(
        values
            .missing_for(portal)
            .into_iter()
            .filter_map(|field| form.targets.iter().find(|t| t.field == field))
            .map(|t| cat!("The profile has no ", t.label, "; the portal needs it.")),
    );
    plan
}

/// The report of a fill as the page stands after it: `done` is the plan that
/// was applied, `again` a plan made from the page read back afterwards with
/// the same values. A field `done` filled that `again` finds already right
/// was filled; one `again` would fill again lost its value (the page changed
/// or replaced it), and one `again` cannot find is gone. Other lines stay.
pub fn verify(done: &FillPlan, again: &FillPlan) -> Vec<FillLine> {
    done.lines
        .iter()
        .map(|line| {
            let now = again.lines.iter().find(|l| l.field == line.field);
            match (line.outcome, now) {
                (Outcome::Filled, Some(now)) if now.outcome == Outcome::Missing => FillLine {
                    outcome: Outcome::Gone,
                    detail: "Filled, then removed by the page: the form will not send it. Fill again, or enter it by hand.".to_owned(),
                    ..line.clone()
                },
                (Outcome::Filled, Some(now))
                    if matches!(now.outcome, Outcome::Filled | Outcome::Skipped) =>
                {
                    FillLine {
                        outcome: Outcome::Changed,
                        detail: cat!(
                            "Filled, then changed by the page; it does not hold the value now (",
                            now.detail,
                            "). Fill again, or check it by hand."
                        ),
                        ..line.clone()
                    }
                }
                _ => line.clone(),
            }
        })
        .collect()
}

/// Whether `again` (see [`verify`]) finds nothing left to do of what `done` did.
pub fn holds(done: &FillPlan, again: &FillPlan) -> bool {
    verify(done, again)
        .iter()
        .all(|l| !matches!(l.outcome, Outcome::Changed | Outcome::Gone))
}

/// What the portal of a `kind` page will refuse or alter in the URIs
/// `values` fill, and URIs made for another provider's login than the
/// page's. Kept out of [`plan_fill`] (the extension page says it, not the
/// content script) because it parses URLs.
pub fn value_warnings(kind: PageKind, values: &ClientValues) -> Vec<String> {
    let (Some(portal), Some(form)) = (kind.portal(), kind.form()) else {
        return Vec::new();
    };
    let provider = kind.provider();
    let has = |field| form.targets.iter().any(|t| t.field == field);
    let mut urls: Vec<&str> = Vec::new();
    if has(ClientField::RedirectUris) {
        urls.extend(values.redirect_uris.iter().map(String::as_str));
    }
    for (field, value) in [
        (ClientField::DeauthorizeUrl, &values.deauthorize_url),
        (ClientField::DataDeletionUrl, &values.data_deletion_url),
    ] {
        if has(field) {
            urls.extend(value.as_deref());
        }
    }
    let mut warnings = Vec::new();
    for url in urls {
        if let Ok(parsed) = RedirectUri::parse(url) {
            for issue in parsed.warnings(portal) {
                let line = format!("{url}: {issue}");
                if !warnings.contains(&line) {
                    warnings.push(line);
                }
            }
        }
    }
    // The profile's name, which the page cannot change: checked here, by
    // the extension page, so the name rules stay out of the content script.
    if let (Some(name), Some(max)) = (values.app_name.as_deref(), form.name_max) {
        let length = name.chars().count();
        if length > max {
            warnings.push(cat!(
                "The name “",
                name,
                "” is ",
                crate::decimal(length),
                " characters; ",
                portal.label(),
                " takes at most ",
                crate::decimal(max),
                "."
            ));
        }
    }
    if let Some(name) = values.app_name.as_deref() {
        let has_name_field = has(ClientField::AppName);
        for finding in names::check_name(portal, name) {
            if has_name_field && finding.severity == Severity::Error {
                warnings.push(cat!(
                    "The name “",
                    name,
                    "” will be refused: ",
                    finding.reason,
                    " Try “",
                    names::suggest_name(portal, name),
                    "”."
                ));
            }
        }
    }
    if let Some(provider) = provider {
        for uri in &values.redirect_uris {
            if let Some(other) = provider.other_named_in(uri) {
                warnings.push(format!(
                    "{uri} is a callback for {other} login, but this page registers {this} login: logins through {this} will come back to /{this_id}/, not /{other_id}/. Use a profile for {this}.",
                    other = other.label(),
                    this = provider.label(),
                    this_id = provider.as_str(),
                    other_id = other.as_str(),
                ));
            }
        }
    }
    warnings
}

fn plan_switch(page: &PageSnapshot, switch: &NeededSwitch, plan: &mut FillPlan) {
    let Some(field) = page
        .fields
        .iter()
        .find(|f| f.is_switch() && f.label_starts_with(switch.label))
    else {
        return;
    };
    let line = if field.checked {
        FillLine {
            field: switch.label.to_owned(),
            outcome: Outcome::Unchanged,
            detail: "On, as the login flow needs.".to_owned(),
        }
    } else {
        FillLine {
            field: switch.label.to_owned(),
            outcome: Outcome::Skipped,
            detail: cat!(
                "Off: turn it on before you save, ",
                switch.why,
                ". ClientFill leaves app settings to you."
            ),
        }
    };
    plan.lines.push(line);
}

/// Whether two values of a field are the same: equal, or the same URL up to
/// the `/` a bare origin gets (the dashboard saves `https://a.example` as
/// `https://a.example/`).
fn same_value(current: &str, wanted: &str) -> bool {
    fn with_root(url: &str) -> String {
        match url.split_once("://") {
            Some((_, rest)) if !rest.contains(['/', '?', '#']) => cat!(url, "/"),
            _ => url.to_owned(),
        }
    }
    current == wanted || with_root(current) == with_root(wanted)
}

fn plan_text(
    field: &FieldSnapshot,
    label: &str,
    wanted: Option<&str>,
    options: FillOptions,
    actions: &mut Vec<FillAction>,
) -> FillLine {
    let line = |outcome, detail: String| FillLine {
        field: label.to_owned(),
        outcome,
        detail,
    };
    let Some(wanted) = wanted else {
        return line(
            Outcome::Missing,
            "The profile has no value for it.".to_owned(),
        );
    };
    let current = field.value.trim();
    if same_value(current, wanted) {
        return line(Outcome::Unchanged, "Already filled.".to_owned());
    }
    if !current.is_empty() && !options.overwrite {
        let whose = if field.user_edited {
            "You typed a value here"
        } else {
            "It already has a value"
        };
        return line(
            Outcome::Skipped,
            cat!(
                whose,
                " (“",
                current,
                "”); kept. Choose “Overwrite” to replace it."
            ),
        );
    }
    actions.push(FillAction::SetValue {
        field: field.index,
        value: wanted.to_owned(),
    });
    let detail = if current.is_empty() {
        cat!("Set to “", wanted, "”.")
    } else {
        cat!("Replaced “", current, "” with “", wanted, "”.")
    };
    line(Outcome::Filled, detail)
}

/// The URIs of `wanted` that `existing` lacks, each once, in order; or the
/// line to report when there is nothing to add.
fn uris_to_add(
    label: &str,
    wanted: &[String],
    existing: &[String],
) -> Result<Vec<String>, FillLine> {
    let line = |outcome, detail: String| FillLine {
        field: label.to_owned(),
        outcome,
        detail,
    };
    if wanted.is_empty() {
        return Err(line(
            Outcome::Missing,
            "The profile has no redirect URIs.".to_owned(),
        ));
    }
    let mut missing: Vec<String> = Vec::new();
    for uri in wanted {
        if !existing.contains(uri) && !missing.contains(uri) {
            missing.push(uri.clone());
        }
    }
    if missing.is_empty() {
        return Err(line(
            Outcome::Unchanged,
            cat!("All ", crate::decimal(wanted.len()), " already registered."),
        ));
    }
    Ok(missing)
}

fn added_line(label: String, added: &[String], kept: usize) -> FillLine {
    let kept = if kept == 0 {
        String::new()
    } else {
        cat!(" Kept ", crate::decimal(kept), " already there.")
    };
    FillLine {
        field: label,
        outcome: Outcome::Filled,
        detail: cat!("Added ", crate::join(added, ", "), ".", kept),
    }
}

fn plan_uris(
    field: &FieldSnapshot,
    label: &str,
    wanted: &[String],
    actions: &mut Vec<FillAction>,
) -> FillLine {
    let label = label.to_owned();
    let existing = if field.widget == Widget::TokenField {
        field.tokens.clone()
    } else {
        split_uris(&field.value)
    };
    let missing = match uris_to_add(&label, wanted, &existing) {
        Ok(missing) => missing,
        Err(line) => return line,
    };
    if field.widget == Widget::TokenField {
        actions.push(FillAction::AddTokens {
            field: field.index,
            tokens: missing.clone(),
        });
    } else {
        // Plain controls: keep what is there and append, one URI per line in
        // a textarea (the portal splits on whitespace or commas).
        let separator = if field.tag == "textarea" { "\n" } else { " " };
        let all: Vec<String> = existing.iter().chain(&missing).cloned().collect();
        let value = crate::join(&all, separator);
        actions.push(FillAction::SetValue {
            field: field.index,
            value,
        });
    }
    added_line(label, &missing, existing.len())
}

/// A field that takes one URL (GitHub's callback): the broker's first URI;
/// the others are reported, since the portal cannot hold them.
fn plan_single(
    field: &FieldSnapshot,
    label: &str,
    wanted: &[String],
    options: FillOptions,
    plan: &mut FillPlan,
) -> FillLine {
    if let [first, rest @ ..] = wanted {
        if !rest.is_empty() {
            plan.warnings.push(cat!(
                label,
                " takes one URL: ",
                first,
                " goes in; ",
                crate::join(rest, ", "),
                " must be on the same host under its path, or be registered in another app."
            ));
        }
        plan_text(field, label, Some(first), options, &mut plan.actions)
    } else {
        FillLine {
            field: label.to_owned(),
            outcome: Outcome::Missing,
            detail: "The profile has no redirect URIs.".to_owned(),
        }
    }
}

/// A list with one entry per URI (chips or rows): existing entries are kept,
/// only the missing ones added.
fn plan_entries(
    page: &PageSnapshot,
    form: &FormSpec,
    target: &Target,
    wanted: &[String],
    actions: &mut Vec<FillAction>,
) -> FillLine {
    let label = target.label.to_owned();
    let inputs: Vec<&FieldSnapshot> = page
        .fields_named(target.labels, target.names)
        .filter(|f| is_text_control(f) && f.input_type != "hidden")
        .fold(Vec::new(), |mut seen, f| {
            if !seen.iter().any(|s: &&FieldSnapshot| s.index == f.index) {
                seen.push(f);
            }
            seen
        });
    let first = inputs[0];
    let mode = if inputs.len() > 1 || inputs.iter().any(|f| f.widget == Widget::Row) {
        EntryMode::Rows
    } else if first.widget == Widget::Chips {
        EntryMode::Chips
    } else {
        EntryMode::Either
    };
    let existing: Vec<String> = match mode {
        EntryMode::Rows => inputs.iter().flat_map(|f| split_uris(&f.value)).collect(),
        EntryMode::Chips | EntryMode::Either => first.tokens.clone(),
    };
    let missing = match uris_to_add(&label, wanted, &existing) {
        Ok(missing) => missing,
        Err(line) => return line,
    };
    actions.push(FillAction::AddEntries {
        field: first.index,
        entries: missing.clone(),
        mode,
        add_row: form.add_row.iter().map(|s| (*s).to_owned()).collect(),
    });
    added_line(label, &missing, existing.len())
}

fn plan_implicit_oauth(
    page: &PageSnapshot,
    values: &ClientValues,
    setting: ImplicitOAuthBox,
    plan: &mut FillPlan,
) {
    if !values.implicit_oauth {
        return;
    }
    let label = setting.label.to_owned();
    let checkbox = page
        .fields
        .iter()
        .find(|f| f.input_type == "checkbox" && f.label_starts_with(setting.label_prefix));
    let line = match checkbox {
        Some(f) if f.checked => {
            plan.actions.push(FillAction::SetChecked {
                field: f.index,
                checked: false,
            });
            FillLine {
                field: label,
                outcome: Outcome::Filled,
                detail: cat!(
                    "Unchecked (",
                    setting.place,
                    "): the client-side token flow needs implicit OAuth."
                ),
            }
        }
        Some(_) => FillLine {
            field: label,
            outcome: Outcome::Unchanged,
            detail: "Already unchecked, as the token flow needs.".to_owned(),
        },
        None => FillLine {
            field: label,
            outcome: Outcome::Missing,
            detail: cat!(
                "On the ",
                setting.place,
                ", uncheck “",
                setting.label,
                "”: the token flow needs it."
            ),
        },
    };
    plan.lines.push(line);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::test_support::text_input;

    const REGISTER: &str = "https://www.instagram.com/developer/clients/register/";

    fn tokenfield(index: usize, tokens: &[&str]) -> FieldSnapshot {
        FieldSnapshot {
            widget: Widget::TokenField,
            tokens: tokens.iter().map(|t| t.to_string()).collect(),
            value: tokens.join(", "),
            ..text_input(index, "id_redirect_uri", "Valid redirect URIs", "")
        }
    }

    fn checkbox(index: usize, label: &str, checked: bool) -> FieldSnapshot {
        FieldSnapshot {
            input_type: "checkbox".into(),
            checked,
            ..text_input(index, "id_disable_implicit_oauth", label, "on")
        }
    }

    fn register_page(fields: Vec<FieldSnapshot>) -> PageSnapshot {
        PageSnapshot {
            url: REGISTER.into(),
            headings: vec!["Register new Client ID".into()],
            fields,
            ..PageSnapshot::default()
        }
    }

    fn empty_register() -> PageSnapshot {
        register_page(vec![
            text_input(0, "id_name", "Application Name", ""),
            text_input(1, "id_description", "Description", ""),
            text_input(2, "id_company_name", "Company Name", ""),
            text_input(3, "id_website_url", "Website URL", ""),
            tokenfield(4, &[]),
            FieldSnapshot {
                widget: Widget::TokenInput,
                ..text_input(5, "id_redirect_uri-tokenfield", "Valid redirect URIs", "")
            },
            text_input(6, "id_privacy_policy_url", "Privacy Policy URL", ""),
            text_input(7, "id_contact_email", "Contact email", ""),
            checkbox(8, "Disable implicit OAuth", true),
        ])
    }

    fn auth0() -> ClientValues {
        ClientValues {
            app_name: Some("Acme Login".into()),
            description: Some("Login for Acme".into()),
            company_name: Some("Acme Corp".into()),
            website_url: Some("https://acme.eu.auth0.com".into()),
            redirect_uris: vec!["https://acme.eu.auth0.com/login/callback".into()],
            privacy_policy_url: Some("https://acme.example.com/privacy".into()),
            contact_email: Some("dev@acme.example.com".into()),
            deauthorize_url: None,
            data_deletion_url: None,
            implicit_oauth: false,
            javascript_origins: vec!["https://acme.eu.auth0.com".into()],
        }
    }

    /// Applies a plan to a snapshot the way the glue does, for idempotence tests.
    fn apply(page: &mut PageSnapshot, plan: &FillPlan) {
        for action in &plan.actions {
            match action {
                FillAction::SetValue { field, value } => page.fields[*field].value = value.clone(),
                FillAction::AddTokens { field, tokens } => {
                    let f = &mut page.fields[*field];
                    f.tokens.extend(tokens.iter().cloned());
                    f.value = crate::join(&f.tokens, ", ");
                }
                FillAction::AddEntries { field, entries, .. } => {
                    page.fields[*field].tokens.extend(entries.iter().cloned())
                }
                FillAction::SetChecked { field, checked } => page.fields[*field].checked = *checked,
            }
        }
    }

    #[test]
    fn outcome_names_are_the_serialized_ones() {
        for outcome in [
            Outcome::Filled,
            Outcome::Unchanged,
            Outcome::Skipped,
            Outcome::Missing,
        ] {
            assert_eq!(serde_json::to_value(outcome).unwrap(), outcome.as_str());
        }
    }

    #[test]
    fn fills_every_field_of_an_empty_register_form() {
        let plan = plan_fill(&empty_register(), &auth0(), FillOptions::default());
        assert_eq!(
            plan.actions,
            vec![
                FillAction::SetValue {
                    field: 0,
                    value: "Acme Login".into()
                },
                FillAction::SetValue {
                    field: 1,
                    value: "Login for Acme".into()
                },
                FillAction::SetValue {
                    field: 2,
                    value: "Acme Corp".into()
                },
                FillAction::SetValue {
                    field: 3,
                    value: "https://acme.eu.auth0.com".into()
                },
                FillAction::AddTokens {
                    field: 4,
                    tokens: vec!["https://acme.eu.auth0.com/login/callback".into()]
                },
                FillAction::SetValue {
                    field: 6,
                    value: "https://acme.example.com/privacy".into()
                },
                FillAction::SetValue {
                    field: 7,
                    value: "dev@acme.example.com".into()
                },
            ]
        );
        assert!(
            plan.lines.iter().all(|l| l.outcome == Outcome::Filled),
            "{:#?}",
            plan.lines
        );
        assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
    }

    #[test]
    fn verify_reports_what_the_page_holds_after_the_fill() {
        let mut page = empty_register();
        let done = plan_fill(&page, &auth0(), FillOptions::default());
        apply(&mut page, &done);
        // The page's script replaced Website URL with an empty field, and
        // removed Company Name.
        page.fields[3].value.clear();
        page.fields.remove(2);
        let again = plan_fill(&page, &auth0(), FillOptions::default());
        let lines = verify(&done, &again);
        let outcome = |field: &str| lines.iter().find(|l| l.field == field).unwrap().outcome;
        assert_eq!(outcome("Website URL"), Outcome::Changed);
        assert_eq!(outcome("Company Name"), Outcome::Gone);
        assert_eq!(outcome("Application Name"), Outcome::Filled);
        assert_eq!(
            outcome("Valid redirect URIs"),
            Outcome::Filled,
            "the tokens held"
        );
        assert!(!holds(&done, &again));
        // A page that kept everything holds.
        let mut kept = empty_register();
        apply(&mut kept, &done);
        assert!(holds(
            &done,
            &plan_fill(&kept, &auth0(), FillOptions::default())
        ));
    }

    #[test]
    fn filling_twice_changes_nothing_the_second_time() {
        let mut page = empty_register();
        let first = plan_fill(&page, &auth0(), FillOptions::default());
        apply(&mut page, &first);
        let second = plan_fill(&page, &auth0(), FillOptions::default());
        assert!(second.actions.is_empty(), "{:?}", second.actions);
        assert!(second.lines.iter().all(|l| l.outcome == Outcome::Unchanged));
    }

    #[test]
    fn existing_tokens_are_kept_and_only_missing_ones_added() {
        let mut page = empty_register();
        page.fields[4] = tokenfield(
            4,
            &[
                "https://socialize.gigya.com/GS/GSLogin.aspx?",
                "https://other.example/cb",
            ],
        );
        let values = ClientValues {
            redirect_uris: vec![
                "https://socialize.gigya.com/GS/GSLogin.aspx?".into(),
                "https://socialize.eu1.gigya.com/GS/GSLogin.aspx?".into(),
                "https://socialize.eu1.gigya.com/GS/GSLogin.aspx?".into(),
            ],
            ..auth0()
        };
        let plan = plan_fill(&page, &values, FillOptions::default());
        assert!(plan.actions.contains(&FillAction::AddTokens {
            field: 4,
            tokens: vec!["https://socialize.eu1.gigya.com/GS/GSLogin.aspx?".into()],
        }));
        let line = plan
            .lines
            .iter()
            .find(|l| l.field == "Valid redirect URIs")
            .unwrap();
        assert!(line.detail.contains("Kept 2"), "{}", line.detail);
    }

    #[test]
    fn a_field_with_another_value_is_kept_unless_overwrite() {
        let mut page = empty_register();
        page.fields[3].value = "https://typed.example".into();
        page.fields[3].user_edited = true;
        page.fields[2].value = "Old Corp".into();
        let plan = plan_fill(&page, &auth0(), FillOptions::default());
        assert!(!plan
            .actions
            .iter()
            .any(|a| matches!(a, FillAction::SetValue { field: 3 | 2, .. })));
        let website = plan
            .lines
            .iter()
            .find(|l| l.field == "Website URL")
            .unwrap();
        assert_eq!(website.outcome, Outcome::Skipped);
        assert!(
            website.detail.starts_with("You typed"),
            "{}",
            website.detail
        );
        let company = plan
            .lines
            .iter()
            .find(|l| l.field == "Company Name")
            .unwrap();
        assert!(
            company.detail.starts_with("It already has"),
            "{}",
            company.detail
        );

        let plan = plan_fill(&page, &auth0(), FillOptions { overwrite: true });
        assert!(plan.actions.contains(&FillAction::SetValue {
            field: 3,
            value: "https://acme.eu.auth0.com".into()
        }));
    }

    #[test]
    fn fields_are_found_by_label_when_ids_change() {
        let page = register_page(vec![
            text_input(0, "f1", "Application Name", ""),
            text_input(1, "f2", "Website URL", ""),
            FieldSnapshot {
                tag: "textarea".into(),
                input_type: String::new(),
                ..text_input(2, "f3", "Valid redirect URIs", "https://keep.example/cb")
            },
        ]);
        let plan = plan_fill(&page, &auth0(), FillOptions::default());
        assert!(plan.actions.contains(&FillAction::SetValue {
            field: 1,
            value: "https://acme.eu.auth0.com".into()
        }));
        assert!(plan.actions.contains(&FillAction::SetValue {
            field: 2,
            value: "https://keep.example/cb\nhttps://acme.eu.auth0.com/login/callback".into()
        }));
    }

    #[test]
    fn fields_are_found_by_id_when_labels_are_missing() {
        let page = register_page(vec![text_input(0, "id_website_url", "", "")]);
        let plan = plan_fill(&page, &auth0(), FillOptions::default());
        assert_eq!(
            plan.actions,
            vec![FillAction::SetValue {
                field: 0,
                value: "https://acme.eu.auth0.com".into()
            }]
        );
        let missing: Vec<_> = plan
            .lines
            .iter()
            .filter(|l| l.outcome == Outcome::Missing)
            .map(|l| l.field.as_str())
            .collect();
        assert!(missing.contains(&"Company Name"));
    }

    #[test]
    fn the_token_flow_unchecks_disable_implicit_oauth() {
        let values = ClientValues {
            implicit_oauth: true,
            ..auth0()
        };
        let plan = plan_fill(&empty_register(), &values, FillOptions::default());
        assert!(plan.actions.contains(&FillAction::SetChecked {
            field: 8,
            checked: false
        }));

        let mut page = empty_register();
        page.fields.pop();
        let plan = plan_fill(&page, &values, FillOptions::default());
        let line = plan
            .lines
            .iter()
            .find(|l| l.field == "Disable implicit OAuth")
            .unwrap();
        assert_eq!(line.outcome, Outcome::Missing);
        assert!(line.detail.contains("Security tab"));

        let plan = plan_fill(&empty_register(), &auth0(), FillOptions::default());
        assert!(
            !plan
                .actions
                .iter()
                .any(|a| matches!(a, FillAction::SetChecked { .. })),
            "left as the portal has it"
        );
    }

    #[test]
    fn warns_about_missing_submission_fields_and_banned_names() {
        let values = ClientValues {
            app_name: Some("Instagram Login".into()),
            company_name: None,
            ..auth0()
        };
        let plan = plan_fill(&empty_register(), &values, FillOptions::default());
        assert!(
            plan.warnings.iter().any(|w| w.contains("Company Name")),
            "{:?}",
            plan.warnings
        );
        // The profile's name is the extension page's to check.
        let warnings = value_warnings(PageKind::LegacyRegister, &values);
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("Instagram Login") && w.contains("Try")),
            "{warnings:?}"
        );
        assert!(!plan.warnings.iter().any(|w| w.contains("Try")));
    }

    #[test]
    fn pages_without_a_form_get_no_actions() {
        let page = PageSnapshot {
            url: "https://www.instagram.com/developer/clients/manage/".into(),
            fields: vec![text_input(0, "id_website_url", "Website URL", "")],
            ..PageSnapshot::default()
        };
        let plan = plan_fill(&page, &auth0(), FillOptions::default());
        assert!(plan.actions.is_empty());
        assert_eq!(plan.warnings.len(), 1);
    }

    #[test]
    fn the_meta_name_field_is_found_and_kept_when_it_has_a_name() {
        let page = PageSnapshot {
            url: "https://developers.facebook.com/apps/1187243319820456/instagram-basic-display/basic-display/".into(),
            fields: vec![text_input(0, "r1", "Display Name", "My IG App")],
            ..PageSnapshot::default()
        };
        let plan = plan_fill(&page, &auth0(), FillOptions::default());
        assert!(plan.actions.is_empty());
        let (portal, field) = app_name_field(&page).expect("the Display Name field");
        assert_eq!((portal, field.index), (Portal::Meta, 0));
    }
}
