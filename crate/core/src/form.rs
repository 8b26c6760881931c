//! The options page's profile form, as plain data: what the user typed, the
//! profile it makes, and what is wrong with it, in the words import uses.
//!
//! The form never has rules of its own: a [`Draft`] becomes a [`Profile`]
//! and is checked by [`Profile::values_for`], so a value the form accepts is
//! one import accepts, and the messages are the same.
//!
//! ```
//! use clientfill_core::form::{Draft, Input};
//!
//! let mut draft = Draft::new("auth0");
//! draft.name = "Acme".into();
//! draft.params.insert("tenant".into(), Input::Text("acme.eu.auth0.com ".into()));
//! let report = draft.check(&[]);
//! assert!(report.problems.is_empty());
//! assert_eq!(report.profile.id, "acme");
//! assert_eq!(report.derived[0].1.redirect_uris, ["https://acme.eu.auth0.com/login/callback"]);
//! ```

use std::collections::{BTreeMap, BTreeSet};

use crate::names::{check_name, NameFinding};
use crate::portal::Portal;
use crate::preset::{ParamDefault, ParamKind, Preset};
use crate::profile::{self, ClientValues, ImportProblem, ParamValue, Profile};
use crate::provider::Provider;

/// What one control of the form holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A text box or a select.
    Text(String),
    /// Rows of text boxes, or the ticked boxes of a multiple choice.
    List(Vec<String>),
    /// A checkbox.
    Flag(bool),
}

/// How a profile field is typed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// One line of text.
    Line,
    /// Several lines.
    Text,
    /// A URL.
    Url,
    /// An email address.
    Email,
}

/// One of the profile's own fields (not a preset parameter).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// The key in the profile JSON, and the problem path.
    pub key: &'static str,
    /// The form label.
    pub label: &'static str,
    /// How it is typed in.
    pub kind: FieldKind,
    /// What it is for, shown under the control.
    pub help: &'static str,
}

const fn field(
    key: &'static str,
    label: &'static str,
    kind: FieldKind,
    help: &'static str,
) -> Field {
    Field {
        key,
        label,
        kind,
        help,
    }
}

/// The profile's fields after the preset's parameters, in form order
/// (docs/profiles.md, "A profile").
pub const FIELDS: [Field; 8] = [
    field(
        "appName",
        "App name",
        FieldKind::Line,
        "Application Name on the legacy portal, Display Name on Meta's. Checked against each portal's banned names.",
    ),
    field(
        "description",
        "Description",
        FieldKind::Text,
        "Required by the legacy portal's Register form.",
    ),
    field("companyName", "Company name", FieldKind::Line, ""),
    field(
        "websiteUrl",
        "Website URL",
        FieldKind::Url,
        "Leave empty to use the preset's.",
    ),
    field("privacyPolicyUrl", "Privacy Policy URL", FieldKind::Url, ""),
    field("contactEmail", "Contact email", FieldKind::Email, ""),
    field(
        "deauthorizeUrl",
        "Deauthorize Callback URL (Meta)",
        FieldKind::Url,
        "Leave empty to use the preset's.",
    ),
    field(
        "dataDeletionUrl",
        "Data Deletion Request URL (Meta)",
        FieldKind::Url,
        "Leave empty to use the preset's.",
    ),
];

/// The form's content: the profile being made or edited, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Draft {
    /// The id of the profile being edited; `None` for a new one, which gets
    /// an id made from its name.
    pub id: Option<String>,
    /// The profile's display name.
    pub name: String,
    /// The preset id.
    pub preset: String,
    /// The preset's parameters, by name.
    pub params: BTreeMap<String, Input>,
    /// The profile's fields, by [`Field::key`].
    pub fields: BTreeMap<String, String>,
}

/// What the form shows for a draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The profile the draft makes, to store when there is no problem.
    pub profile: Profile,
    /// What import would say of it, with paths relative to the profile
    /// (`name`, `params.tenant`, `params.redirectUris[1]`).
    pub problems: Vec<ImportProblem>,
    /// The values derived for each provider the profile works for.
    pub derived: Vec<(Provider, ClientValues)>,
    /// The app name's findings on each portal (empty lists included).
    pub names: Vec<(Portal, Vec<NameFinding>)>,
}

impl Draft {
    /// An empty draft for a new profile of `preset`.
    pub fn new(preset: &str) -> Self {
        Draft {
            id: None,
            name: String::new(),
            preset: preset.to_owned(),
            params: BTreeMap::new(),
            fields: BTreeMap::new(),
        }
    }

    /// The draft that edits `profile`.
    pub fn from_profile(profile: &Profile) -> Self {
        let params = profile
            .params
            .iter()
            .map(|(name, value)| {
                let input = match value {
                    ParamValue::Flag(flag) => Input::Flag(*flag),
                    ParamValue::Number(number) => Input::Text(number.to_string()),
                    ParamValue::Text(text) => Input::Text(text.clone()),
                    ParamValue::List(list) => Input::List(list.clone()),
                };
                (name.clone(), input)
            })
            .collect();
        let fields = FIELDS
            .iter()
            .filter_map(|f| Some((f.key.to_owned(), field_of(profile, f.key)?.clone()?)))
            .collect();
        Draft {
            id: Some(profile.id.clone()),
            name: profile.name.clone(),
            preset: profile.preset.clone(),
            params,
            fields,
        }
    }

    /// The profile this draft makes. A new profile's id comes from its name
    /// and is unique among `taken` (the stored ids).
    pub fn to_profile(&self, taken: &[&str]) -> Profile {
        let id = self.id.clone().unwrap_or_else(|| {
            let mut used: BTreeSet<String> = taken.iter().map(|t| (*t).to_owned()).collect();
            profile::unique_id(&profile::slug(self.name.trim()), &mut used)
        });
        let mut made = Profile::new(id, self.name.trim(), self.preset.clone());
        let preset = Preset::find(&self.preset);
        for (name, input) in &self.params {
            // A parameter another preset had stays in the draft (the user
            // may switch back) but not in the profile.
            let Some(spec) = preset.and_then(|p| p.param(name)) else {
                continue;
            };
            let value = match input {
                // A flag left at its default is not written down.
                Input::Flag(flag) if spec.default == ParamDefault::Flag(*flag) => continue,
                Input::Flag(flag) => ParamValue::Flag(*flag),
                // Empty means not set, as in import.
                Input::Text(text) if text.trim().is_empty() => continue,
                Input::Text(text) => {
                    let text = text.trim();
                    match (spec.kind, text.parse::<u64>()) {
                        (ParamKind::Port, Ok(number)) => ParamValue::Number(number),
                        // Import says what is wrong with anything else.
                        _ => ParamValue::Text(text.to_owned()),
                    }
                }
                Input::List(items) => {
                    let items: Vec<String> = items
                        .iter()
                        .map(|item| item.trim())
                        .filter(|item| !item.is_empty())
                        .map(str::to_owned)
                        .collect();
                    if items.is_empty() {
                        continue;
                    }
                    ParamValue::List(items)
                }
            };
            made.params.insert(name.clone(), value);
        }
        for f in &FIELDS {
            let value = self
                .fields
                .get(f.key)
                .map(|v| match f.kind {
                    FieldKind::Text => v.trim_end().to_owned(),
                    _ => v.trim().to_owned(),
                })
                .filter(|v| !v.is_empty());
            if let Some(slot) = field_of_mut(&mut made, f.key) {
                *slot = value;
            }
        }
        made
    }

    /// The profile, what is wrong with it, what it derives for each provider
    /// and what each portal would say of its app name.
    pub fn check(&self, taken: &[&str]) -> Report {
        let profile = self.to_profile(taken);
        // The same checks run for every provider: the first one's problems
        // say it all.
        let problems = profile.validate().err().unwrap_or_default();
        // A field in error (an email being typed) does not hide what the
        // preset derives: it is left out of the preview.
        let mut preview = profile.clone();
        for problem in &problems {
            if let Some(slot) = field_of_mut(&mut preview, &problem.path) {
                *slot = None;
            }
        }
        let derived = Provider::ALL
            .into_iter()
            .filter_map(|provider| Some((provider, preview.values_for(provider).ok()?)))
            .collect();
        let names = Portal::ALL
            .into_iter()
            .map(|portal| {
                let findings = profile
                    .app_name
                    .as_deref()
                    .map(|name| check_name(portal, name))
                    .unwrap_or_default();
                (portal, findings)
            })
            .collect();
        Report {
            profile,
            problems,
            derived,
            names,
        }
    }
}

fn field_of<'a>(profile: &'a Profile, key: &str) -> Option<&'a Option<String>> {
    Some(match key {
        "appName" => &profile.app_name,
        "description" => &profile.description,
        "companyName" => &profile.company_name,
        "websiteUrl" => &profile.website_url,
        "privacyPolicyUrl" => &profile.privacy_policy_url,
        "contactEmail" => &profile.contact_email,
        "deauthorizeUrl" => &profile.deauthorize_url,
        "dataDeletionUrl" => &profile.data_deletion_url,
        _ => return None,
    })
}

fn field_of_mut<'a>(profile: &'a mut Profile, key: &str) -> Option<&'a mut Option<String>> {
    Some(match key {
        "appName" => &mut profile.app_name,
        "description" => &mut profile.description,
        "companyName" => &mut profile.company_name,
        "websiteUrl" => &mut profile.website_url,
        "privacyPolicyUrl" => &mut profile.privacy_policy_url,
        "contactEmail" => &mut profile.contact_email,
        "deauthorizeUrl" => &mut profile.deauthorize_url,
        "dataDeletionUrl" => &mut profile.data_deletion_url,
        _ => return None,
    })
}

/// Whether a problem at `path` belongs to the control at `control` (the
/// control of `params.redirectUris` shows `params.redirectUris[2]` too).
pub fn belongs_to(path: &str, control: &str) -> bool {
    path.strip_prefix(control)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('['))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::Severity;

    fn strapi() -> Draft {
        let mut draft = Draft::new("strapi");
        draft.name = "Shop".into();
        draft.params.insert(
            "backendUrl".into(),
            Input::Text("https://65e60559.ngrok.io/".into()),
        );
        draft
    }

    #[test]
    fn derives_per_provider() {
        let report = strapi().check(&[]);
        assert_eq!(report.problems, []);
        let uris: Vec<(Provider, &str)> = report
            .derived
            .iter()
            .map(|(p, v)| (*p, v.redirect_uris[0].as_str()))
            .collect();
        assert_eq!(
            uris,
            [
                (
                    Provider::Instagram,
                    "https://65e60559.ngrok.io/api/connect/instagram/callback"
                ),
                (
                    Provider::Facebook,
                    "https://65e60559.ngrok.io/api/connect/facebook/callback"
                ),
                (
                    Provider::GitHub,
                    "https://65e60559.ngrok.io/api/connect/github/callback"
                ),
                (
                    Provider::Google,
                    "https://65e60559.ngrok.io/api/connect/google/callback"
                ),
                (
                    Provider::Discord,
                    "https://65e60559.ngrok.io/api/connect/discord/callback"
                ),
            ]
        );
    }

    #[test]
    fn problems_are_import_s() {
        let mut draft = strapi();
        draft
            .params
            .insert("backendUrl".into(), Input::Text("ftp://x".into()));
        draft
            .fields
            .insert("contactEmail".into(), "not an email".into());
        let report = draft.check(&[]);
        let json = format!(
            r#"{{"format":"clientfill-profiles","version":1,"profiles":[{}]}}"#,
            serde_json::to_string(&report.profile).unwrap()
        );
        let imported: Vec<String> = profile::import(&json)
            .unwrap_err()
            .into_iter()
            .map(|p| p.message)
            .collect();
        let shown: Vec<String> = report.problems.iter().map(|p| p.message.clone()).collect();
        assert_eq!(shown, imported);
        let paths: Vec<&str> = report.problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["contactEmail", "params.backendUrl"]);
        assert!(report.derived.is_empty(), "a bad parameter derives nothing");
        draft.params.insert(
            "backendUrl".into(),
            Input::Text("https://65e60559.ngrok.io".into()),
        );
        let report = draft.check(&[]);
        assert_eq!(report.problems.len(), 1, "the email still");
        assert_eq!(
            report.derived.len(),
            Provider::ALL.len(),
            "the preview does without the bad email"
        );
        assert_eq!(report.derived[0].1.contact_email, None);
    }

    #[test]
    fn ports_lists_and_flags_take_their_types() {
        let mut draft = Draft::new("loginradius");
        draft.name = "LR".into();
        draft.params.insert(
            "siteName".into(),
            Input::Text("acme.hub.loginradius.com".into()),
        );
        draft
            .params
            .insert("port".into(), Input::Text(" 443".into()));
        assert_eq!(
            draft.check(&[]).derived[0].1.redirect_uris,
            ["https://acme.hub.loginradius.com:443/socialauth/validate.sauth"]
        );
        draft
            .params
            .insert("port".into(), Input::Text("https".into()));
        let problems = draft.check(&[]).problems;
        assert_eq!(problems[0].path, "params.port");

        let mut custom = Draft::new("custom");
        custom.name = "C".into();
        custom.params.insert(
            "redirectUris".into(),
            Input::List(vec![
                "https://a.example/cb".into(),
                " ".into(),
                "nope".into(),
            ]),
        );
        custom
            .params
            .insert("implicitOauth".into(), Input::Flag(true));
        let problems = custom.check(&[]).problems;
        assert_eq!(problems.len(), 1);
        assert!(belongs_to(&problems[0].path, "params.redirectUris"));
        assert!(!belongs_to(&problems[0].path, "params.redirect"));
    }

    #[test]
    fn new_ids_avoid_taken_ones_and_edits_keep_theirs() {
        assert_eq!(strapi().to_profile(&["shop", "shop-2"]).id, "shop-3");
        let stored = strapi().to_profile(&[]);
        let edit = Draft::from_profile(&stored);
        assert_eq!(edit.to_profile(&["shop"]), stored);
    }

    #[test]
    fn editing_round_trips_every_field() {
        let json = r#"{"format":"clientfill-profiles","version":1,"profiles":[
            {"id":"lr","name":"LR","preset":"loginradius","params":{"siteName":"a.hub.loginradius.com","port":443,"protocol":"http"},
             "appName":"Pics","description":"Line one\nline two","companyName":"Acme","websiteUrl":"https://a.example",
             "privacyPolicyUrl":"https://a.example/p","contactEmail":"a@a.example","deauthorizeUrl":"https://a.example/d","dataDeletionUrl":"https://a.example/x"},
            {"id":"g","name":"G","preset":"gigya","params":{"siteUrl":"https://g.example","dataCenters":["eu1.gigya.com"]}},
            {"id":"k","name":"K","preset":"keycloak","params":{"host":"sso.example.com","realm":"m","legacyAuthPath":true}}]}"#;
        for stored in profile::import(json).unwrap() {
            assert_eq!(Draft::from_profile(&stored).to_profile(&[]), stored);
        }
    }

    #[test]
    fn app_names_are_checked_per_portal() {
        let mut draft = strapi();
        draft.fields.insert("appName".into(), "Shop Book".into());
        let names = draft.check(&[]).names;
        assert_eq!(names[0], (Portal::LegacyInstagram, vec![]));
        assert_eq!(names[1].0, Portal::Meta);
        assert_eq!(names[1].1[0].term, "Book");
        assert_eq!(names[1].1[0].severity, Severity::Error);
    }

    #[test]
    fn parameters_of_another_preset_stay_out_of_the_profile() {
        let mut draft = strapi();
        draft.preset = "authjs".into();
        draft.params.insert(
            "siteUrl".into(),
            Input::Text("https://www.example.com".into()),
        );
        let report = draft.check(&[]);
        assert_eq!(report.problems, []);
        assert_eq!(report.profile.params.len(), 1);
        assert!(draft.params.contains_key("backendUrl"));
    }
}
