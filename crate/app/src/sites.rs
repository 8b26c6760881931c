//! The options page's "Portals" section: one switch per optional site
//! ([`clientfill_core::access::OPTIONAL`]). Turning one on asks the browser
//! for exactly its host patterns; turning it off gives them up. The
//! switches follow grants made elsewhere (the popup, the browser's own
//! settings).

use std::cell::RefCell;

use gloo_events::EventListener;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlInputElement};

use clientfill_core::access::{SiteAccess, OPTIONAL};
use clientfill_web::dom::{append, element, say, Tone};
use clientfill_web::ext::{self, PermissionsListener};

thread_local! {
    static LISTENERS: RefCell<(Vec<EventListener>, Option<PermissionsListener>)> =
        const { RefCell::new((Vec::new(), None)) };
}

/// Draws the section at the end of `main`.
pub fn render(doc: &Document, main: &Element) -> Result<(), JsValue> {
    append(
        main,
        element(doc, "h2", &[("id", "portals-heading")], "Portals")?,
    )?;
    say(
        doc,
        main,
        Tone::Note,
        "ClientFill runs on the Meta App Dashboard from the start. Turn on the other portals you register clients on: the browser then asks you to allow exactly the pages listed.",
    )?;
    let list = append(
        main,
        element(
            doc,
            "ul",
            &[("class", "sites"), ("aria-labelledby", "portals-heading")],
            "",
        )?,
    )?;
    let mut listeners = Vec::new();
    let mut switches = Vec::new();
    for site in OPTIONAL {
        let (input, state) = row(doc, &list, site)?;
        listeners.push(on_change(&input, &state, site));
        switches.push((input, state, site));
    }
    let refresh = move || {
        for (input, state, site) in switches.clone() {
            wasm_bindgen_futures::spawn_local(async move {
                let held = ext::has_origins(site.patterns).await.unwrap_or(false);
                show(&input, &state, held);
            });
        }
    };
    refresh();
    let watcher = PermissionsListener::new(refresh);
    LISTENERS.with(|l| *l.borrow_mut() = (listeners, Some(watcher)));
    Ok(())
}

fn row(
    doc: &Document,
    list: &Element,
    site: &SiteAccess,
) -> Result<(HtmlInputElement, Element), JsValue> {
    let item = append(list, element(doc, "li", &[("data-access", site.id)], "")?)?;
    let id = format!("site-{}", site.id);
    let label = append(&item, element(doc, "label", &[("for", &id)], "")?)?;
    let input: HtmlInputElement = append(
        &label,
        element(
            doc,
            "input",
            &[
                ("type", "checkbox"),
                ("role", "switch"),
                ("id", &id),
                ("data-testid", "portal-access"),
                ("data-access", site.id),
                ("aria-describedby", &format!("{id}-why")),
            ],
            "",
        )?,
    )?
    .unchecked_into();
    append(&label, element(doc, "strong", &[], site.label)?)?;
    append(
        &item,
        element(
            doc,
            "div",
            &[("class", "note"), ("id", &format!("{id}-why"))],
            &format!("{} Pages: {}", site.why, site.patterns.join(", ")),
        )?,
    )?;
    let state = append(
        &item,
        element(
            doc,
            "div",
            &[
                ("data-testid", "portal-access-state"),
                ("data-access", site.id),
                ("aria-live", "polite"),
            ],
            "",
        )?,
    )?;
    Ok((input, state))
}

fn show(input: &HtmlInputElement, state: &Element, held: bool) {
    input.set_checked(held);
    let _ = state.set_attribute("data-state", if held { "on" } else { "off" });
    state.set_text_content(Some(if held {
        "On: reload open pages of this portal to start."
    } else {
        "Off."
    }));
}

fn on_change(
    input: &HtmlInputElement,
    state: &Element,
    site: &'static SiteAccess,
) -> EventListener {
    let (target, state) = (input.clone(), state.clone());
    EventListener::new(input, "change", move |_| {
        let (input, state) = (target.clone(), state.clone());
        if input.checked() {
            // Asked within the click: the browser requires a user gesture.
            let asked = ext::request_origins(site.patterns);
            wasm_bindgen_futures::spawn_local(async move {
                match asked.await {
                    Ok(held) => {
                        show(&input, &state, held);
                        if !held {
                            state.set_text_content(Some("Not allowed: the browser kept it off."));
                        }
                    }
                    Err(error) => {
                        input.set_checked(false);
                        state.set_text_content(Some(&format!(
                            "The browser did not ask ({error}); allow it in the extension's site settings."
                        )));
                    }
                }
            });
        } else {
            wasm_bindgen_futures::spawn_local(async move {
                let removed = ext::remove_origins(site.patterns).await;
                let held = ext::has_origins(site.patterns).await.unwrap_or(false);
                show(&input, &state, held);
                if let Err(error) = removed {
                    state.set_text_content(Some(&format!("Could not turn it off: {error}")));
                }
            });
        }
    })
}
