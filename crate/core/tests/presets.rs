//! One table row per preset: parameters in, every portal value out, checked
//! against the strings the brokers' guides print.

use clientfill_core::portal::Portal;
use clientfill_core::preset::PRESETS;
use clientfill_core::profile::{ClientValues, ParamValue, Profile};
use clientfill_core::uri::{check, diagnose, IssueCode};

struct Case {
    preset: &'static str,
    params: Vec<(&'static str, ParamValue)>,
    website_url: Option<&'static str>,
    redirect_uris: &'static [&'static str],
    /// On Facebook Login pages, where the callback names the provider;
    /// `None`: the same as `redirect_uris`.
    facebook_uris: Option<&'static [&'static str]>,
    deauthorize_url: Option<&'static str>,
    data_deletion_url: Option<&'static str>,
    implicit_oauth: bool,
}

fn case(preset: &'static str, params: Vec<(&'static str, ParamValue)>) -> Case {
    Case {
        preset,
        params,
        website_url: None,
        redirect_uris: &[],
        facebook_uris: None,
        deauthorize_url: None,
        data_deletion_url: None,
        implicit_oauth: false,
    }
}

fn cases() -> Vec<Case> {
    vec![
        // Auth0 guide: https://${account.namespace} and .../login/callback.
        Case {
            website_url: Some("https://acme.eu.auth0.com"),
            redirect_uris: &["https://acme.eu.auth0.com/login/callback"],
            ..case("auth0", vec![("tenant", "acme.eu.auth0.com".into())])
        },
        Case {
            website_url: Some("https://login.example.com"),
            redirect_uris: &["https://login.example.com/login/callback"],
            ..case("auth0", vec![("tenant", "login.example.com".into())])
        },
        // Gigya guide: the Manage Clients card of its example client, URIs in
        // the card's order, each with its trailing "?".
        Case {
            website_url: Some("http://www.gigya.com"),
            redirect_uris: &[
                "https://socialize.gigya.com/GS/GSLogin.aspx?",
                "https://socialize.eu1.gigya.com/GS/GSLogin.aspx?",
                "https://socialize.us1.gigya.com/GS/GSLogin.aspx?",
                "https://socialize.au1.gigya.com/GS/GSLogin.aspx?",
            ],
            ..case(
                "gigya",
                vec![
                    ("siteUrl", "http://www.gigya.com".into()),
                    (
                        "dataCenters",
                        [
                            "gigya.com",
                            "eu1.gigya.com",
                            "us1.gigya.com",
                            "au1.gigya.com",
                        ]
                        .into(),
                    ),
                ],
            )
        },
        // The other data centers of the guide's list, and a CNAME alias
        // (which replaces socialize.gigya.com).
        Case {
            website_url: Some("https://www.example.com"),
            redirect_uris: &[
                "https://socialize.ru1.gigya.com/GS/GSLogin.aspx?",
                "https://socialize.cn1.gigya-api.cn/GS/GSLogin.aspx?",
                "https://login.example.com/GS/GSLogin.aspx?",
            ],
            ..case(
                "gigya",
                vec![
                    ("siteUrl", "https://www.example.com".into()),
                    ("dataCenters", ["ru1.gigya.com", "cn1.gigya-api.cn"].into()),
                    ("alias", "login.example.com".into()),
                ],
            )
        },
        Case {
            website_url: Some("https://www.example.com"),
            redirect_uris: &["https://login.example.com/GS/GSLogin.aspx?"],
            ..case(
                "gigya",
                vec![
                    ("siteUrl", "https://www.example.com".into()),
                    ("alias", "login.example.com".into()),
                ],
            )
        },
        // LoginRadius guide: #protocol#://#sitename##port#/socialauth/validate.sauth;
        // hosted sites spell out :443.
        Case {
            website_url: Some("https://acme.hub.loginradius.com"),
            redirect_uris: &["https://acme.hub.loginradius.com:443/socialauth/validate.sauth"],
            ..case(
                "loginradius",
                vec![
                    ("protocol", "https".into()),
                    ("siteName", "acme.hub.loginradius.com".into()),
                    ("port", 443u16.into()),
                ],
            )
        },
        Case {
            website_url: Some("http://www.example.com"),
            redirect_uris: &["http://www.example.com/socialauth/validate.sauth"],
            ..case(
                "loginradius",
                vec![
                    ("protocol", "http".into()),
                    ("siteName", "www.example.com".into()),
                ],
            )
        },
        // Strapi guide: the ngrok URL, with Deauthorize and Data Deletion = backend.
        Case {
            website_url: Some("https://65e60559.ngrok.io"),
            redirect_uris: &["https://65e60559.ngrok.io/api/connect/instagram/callback"],
            facebook_uris: Some(&["https://65e60559.ngrok.io/api/connect/facebook/callback"]),
            deauthorize_url: Some("https://65e60559.ngrok.io"),
            data_deletion_url: Some("https://65e60559.ngrok.io"),
            ..case(
                "strapi",
                vec![("backendUrl", "https://65e60559.ngrok.io".into())],
            )
        },
        // The same with the trailing slash a browser's address bar adds.
        Case {
            website_url: Some("https://65e60559.ngrok.io"),
            redirect_uris: &["https://65e60559.ngrok.io/api/connect/instagram/callback"],
            facebook_uris: Some(&["https://65e60559.ngrok.io/api/connect/facebook/callback"]),
            deauthorize_url: Some("https://65e60559.ngrok.io"),
            data_deletion_url: Some("https://65e60559.ngrok.io"),
            ..case(
                "strapi",
                vec![("backendUrl", "https://65e60559.ngrok.io/".into())],
            )
        },
        // Token guide: http://localhost, and uncheck "Disable implicit OAuth".
        Case {
            website_url: Some("http://localhost"),
            redirect_uris: &["http://localhost"],
            implicit_oauth: true,
            ..case("token-testing", vec![])
        },
        Case {
            website_url: Some("https://sso.example.com"),
            redirect_uris: &["https://sso.example.com/realms/master/broker/instagram/endpoint"],
            facebook_uris: Some(&[
                "https://sso.example.com/realms/master/broker/facebook/endpoint",
            ]),
            ..case(
                "keycloak",
                vec![
                    ("host", "sso.example.com".into()),
                    ("realm", "master".into()),
                ],
            )
        },
        Case {
            website_url: Some("https://sso.example.com:8443"),
            redirect_uris: &["https://sso.example.com:8443/auth/realms/acme/broker/ig/endpoint"],
            ..case(
                "keycloak",
                vec![
                    ("host", "sso.example.com:8443".into()),
                    ("realm", "acme".into()),
                    ("alias", "ig".into()),
                    ("legacyAuthPath", true.into()),
                ],
            )
        },
        Case {
            website_url: Some("https://www.example.com"),
            redirect_uris: &["https://www.example.com/api/auth/callback/instagram"],
            facebook_uris: Some(&["https://www.example.com/api/auth/callback/facebook"]),
            ..case(
                "authjs",
                vec![("siteUrl", "https://www.example.com".into())],
            )
        },
        Case {
            redirect_uris: &["https://acme-prod.firebaseapp.com/__/auth/handler"],
            ..case("firebase", vec![("projectId", "acme-prod".into())])
        },
        Case {
            redirect_uris: &["https://abcdefghijklmnopqrst.supabase.co/auth/v1/callback"],
            ..case(
                "supabase",
                vec![("projectRef", "abcdefghijklmnopqrst".into())],
            )
        },
        Case {
            redirect_uris: &["https://acme.auth.us-east-1.amazoncognito.com/oauth2/idpresponse"],
            ..case(
                "cognito",
                vec![
                    ("domainPrefix", "acme".into()),
                    ("region", "us-east-1".into()),
                ],
            )
        },
        Case {
            redirect_uris: &["https://dev-123456.okta.com/oauth2/v1/authorize/callback"],
            ..case("okta", vec![("oktaDomain", "dev-123456.okta.com".into())])
        },
        // Custom keeps each string exactly, "?" and ports included.
        Case {
            redirect_uris: &["https://a.example:443/cb?", "http://localhost:3000/cb/"],
            implicit_oauth: true,
            ..case(
                "custom",
                vec![
                    (
                        "redirectUris",
                        ["https://a.example:443/cb?", "http://localhost:3000/cb/"].into(),
                    ),
                    ("implicitOauth", true.into()),
                ],
            )
        },
        Case {
            redirect_uris: &["https://a.example/cb"],
            ..case(
                "custom",
                vec![("redirectUris", ["https://a.example/cb"].into())],
            )
        },
    ]
}

fn profile(case: &Case) -> Profile {
    case.params.iter().fold(
        Profile::new("p", "P", case.preset),
        |profile, (name, value)| profile.with_param(*name, value.clone()),
    )
}

#[test]
fn every_preset_derives_its_guides_values() {
    for case in cases() {
        let values = profile(&case)
            .values()
            .unwrap_or_else(|problems| panic!("{}: {problems:?}", case.preset));
        let expected = ClientValues {
            app_name: None,
            description: None,
            company_name: None,
            website_url: case.website_url.map(str::to_owned),
            redirect_uris: case.redirect_uris.iter().map(|s| (*s).to_owned()).collect(),
            privacy_policy_url: None,
            contact_email: None,
            deauthorize_url: case.deauthorize_url.map(str::to_owned),
            data_deletion_url: case.data_deletion_url.map(str::to_owned),
            implicit_oauth: case.implicit_oauth,
        };
        assert_eq!(values, expected, "{}", case.preset);
    }
}

/// Brokers whose callback names the provider give Facebook Login pages its
/// own; the others the same URIs on every page.
#[test]
fn every_preset_derives_its_facebook_uris() {
    use clientfill_core::provider::Provider;
    for case in cases() {
        let profile = profile(&case);
        let facebook = profile.values_for(Provider::Facebook).unwrap();
        let expected = case.facebook_uris.unwrap_or(case.redirect_uris);
        assert_eq!(facebook.redirect_uris, expected, "{}", case.preset);
        let instagram = profile.values_for(Provider::Instagram).unwrap();
        assert_eq!(instagram, profile.values().unwrap(), "{}", case.preset);
        // Everything but the redirect URIs is the same for both.
        assert_eq!(
            ClientValues {
                redirect_uris: instagram.redirect_uris.clone(),
                ..facebook
            },
            instagram,
            "{}",
            case.preset
        );
    }
}

#[test]
fn every_preset_has_a_case() {
    let cases = cases();
    for preset in PRESETS {
        assert!(
            cases.iter().any(|c| c.preset == preset.id),
            "no table row for {}",
            preset.id
        );
    }
}

#[test]
fn derived_uris_are_valid_and_diagnose_as_matched() {
    for case in cases() {
        let uris = profile(&case).values().unwrap().redirect_uris;
        for portal in Portal::ALL {
            let diagnosis = diagnose(portal, &uris, &uris);
            assert!(diagnosis.is_ok(), "{}: {diagnosis:?}", case.preset);
            assert_eq!(diagnosis.matched.len(), uris.len(), "{}", case.preset);
        }
    }
}

#[test]
fn warnings_on_the_portal_each_guide_targets() {
    let warnings = |portal: Portal, uri: &str| -> Vec<IssueCode> {
        check(portal, uri).warnings.iter().map(|w| w.code).collect()
    };
    // Strapi's guide uses ngrok because Meta refuses localhost.
    assert_eq!(
        warnings(
            Portal::Meta,
            "https://65e60559.ngrok.io/api/connect/instagram/callback"
        ),
        []
    );
    assert_eq!(
        warnings(
            Portal::Meta,
            "http://localhost:1337/api/connect/instagram/callback"
        ),
        [IssueCode::Localhost]
    );
    // The token guide's localhost is fine on the legacy portal.
    assert_eq!(warnings(Portal::LegacyInstagram, "http://localhost"), []);
    // The Gigya guide's "Secure redirects only": its http site URL is not a
    // redirect URI, but an http redirect URI would be flagged.
    assert_eq!(
        warnings(
            Portal::LegacyInstagram,
            "http://socialize.eu1.gigya.com/GS/GSLogin.aspx?"
        ),
        [IssueCode::PlainHttp]
    );
}

#[test]
fn a_registered_gigya_client_with_a_missing_question_mark() {
    let values = profile(&cases()[2]).values().unwrap();
    let mut registered = values.redirect_uris.clone();
    registered[1] = registered[1].trim_end_matches('?').to_owned();
    // The legacy portal ignores the query, so this still logs in.
    assert!(diagnose(Portal::LegacyInstagram, &values.redirect_uris, &registered).is_ok());
    let meta = diagnose(Portal::Meta, &values.redirect_uris, &registered);
    assert_eq!(meta.near_misses.len(), 1);
    assert_eq!(
        meta.near_misses[0].expected,
        "https://socialize.eu1.gigya.com/GS/GSLogin.aspx?"
    );
}
