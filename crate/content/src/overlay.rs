//! ClientFill's own overlay on portal pages: an open shadow root on a host
//! element of its own, so the page's form markup stays untouched and the page's
//! styles do not leak in. Styled through the CSSOM, which a strict page CSP
//! (no inline styles) still allows.
//!
//! The callout sits beside its field, or below, above or to the left of
//! it, wherever it covers none of the page's controls; it follows the field
//! on scroll, resize and tab switch, hides while the field is hidden, and
//! can be dismissed.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

use clientfill_core::cat;
use clientfill_web::dom;

/// How sure the callout is that the portal refuses the name.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// The portal will refuse it.
    Refusal,
    /// Probably fine: an ordinary word holds a banned term.
    Soft,
}

/// What a callout says.
pub struct Callout<'a> {
    /// Refusal or soft warning: they look different.
    pub tone: Tone,
    /// The heading.
    pub title: &'a str,
    /// One line per reason.
    pub lines: &'a [String],
    /// A name to offer, applied by a click.
    pub suggestion: Option<&'a str>,
}

/// Gap between the field and the callout, in CSS pixels.
const GAP: f64 = 6.0;
/// What the callout must not cover.
const CONTROLS: &str = "input,select,textarea,button,label,a,[role=button],[contenteditable]";

/// The overlay; removed from the page when dropped.
pub struct Overlay {
    host: Element,
    root: ShadowRoot,
    inner: Rc<RefCell<Shown>>,
    _listeners: Vec<EventListener>,
}

#[derive(Default)]
struct Shown {
    callout: Option<Element>,
    anchor: Option<Element>,
    /// What the callout said when the user dismissed it: it stays away
    /// until it has something else to say.
    dismissed: Option<String>,
    key: String,
    /// Which of the places around the field the callout took: kept while
    /// it still fits, so a keystroke or a scroll asks the page nothing.
    side: Cell<Option<usize>>,
    listeners: Vec<EventListener>,
}

const HOST_TAG: &str = "clientfill-overlay";

const BOX: &str = "position:fixed;visibility:hidden;width:300px;box-sizing:border-box;padding:8px 30px 8px 10px;border-radius:6px;font:13px/1.4 system-ui,sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.15);";
/// A refusal: red, with a thick edge; a soft warning: amber, thin.
const REFUSAL: &str =
    "border:1px solid #d92d20;border-left-width:4px;background:#fef3f2;color:#7a271a";
const SOFT: &str = "border:1px solid #b54708;background:#fffaeb;color:#7a2e0e";
const BUTTON: &str = "cursor:pointer;font:inherit;color:inherit;";

impl Overlay {
    /// Creates the (empty) overlay host at the end of the document.
    pub fn new(doc: &Document) -> Result<Overlay, JsValue> {
        let host = doc.create_element(HOST_TAG)?;
        let root = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;
        css(&host, "position:fixed;top:0;left:0;z-index:2147483647");
        doc.document_element()
            .ok_or_else(|| JsValue::from_str("the page has no root element"))?
            .append_child(&host)?;
        let inner = Rc::new(RefCell::new(Shown::default()));
        let window = web_sys::window().ok_or("no window")?;
        // Scrolls of any container move the field: caught on the way down.
        let follow = |target: &web_sys::EventTarget, kind: &'static str| {
            let inner = inner.clone();
            EventListener::new_with_options(
                target,
                kind,
                EventListenerOptions {
                    phase: gloo_events::EventListenerPhase::Capture,
                    passive: true,
                },
                move |_| place(&inner.borrow(), &Rc::downgrade(&inner), false),
            )
        };
        let listeners = vec![
            follow(&window, "scroll"),
            follow(&window, "resize"),
            follow(doc, "visibilitychange"),
        ];
        Ok(Overlay {
            host,
            root,
            inner,
            _listeners: listeners,
        })
    }

    /// Shows `callout` at `anchor`, replacing what was shown, unless the
    /// user dismissed this very text; `testid` marks it for automation.
    /// `apply` puts the suggestion in the field.
    pub fn show(
        &self,
        anchor: &Element,
        testid: &str,
        callout: &Callout<'_>,
        apply: impl Fn(&str) + 'static,
    ) -> Result<(), JsValue> {
        let key = clientfill_core::join(callout.lines, "\n");
        let same_field = self.inner.borrow().anchor.as_ref() == Some(anchor);
        {
            let shown = self.inner.borrow();
            if shown.dismissed.as_deref() == Some(key.as_str()) {
                drop(shown);
                self.clear();
                return Ok(());
            }
        }
        self.clear();
        let doc = self.host.owner_document().ok_or("detached overlay")?;
        let (tone, role, look) = match callout.tone {
            Tone::Refusal => ("refusal", "alert", REFUSAL),
            Tone::Soft => ("soft", "status", SOFT),
        };
        let box_ = doc.create_element("div")?;
        box_.set_attribute("data-testid", testid)?;
        box_.set_attribute("data-tone", tone)?;
        box_.set_attribute("role", role)?;
        css(&box_, &[BOX, look].concat());
        let heading = dom::element_with_text(&doc, "strong", callout.title)?;
        box_.append_child(&heading)?;
        for line in callout.lines {
            let p = dom::element_with_text(&doc, "div", line)?;
            css(&p, "margin-top:4px");
            box_.append_child(&p)?;
        }
        let mut listeners = Vec::new();
        if let Some(suggestion) = callout.suggestion {
            let use_it = button(
                &doc,
                &["Use “", suggestion, "”"].concat(),
                "name-suggestion",
            )?;
            css(&use_it, &[BUTTON, "margin-top:6px;padding:2px 8px;border:1px solid;border-radius:4px;background:#fff"].concat());
            box_.append_child(&use_it)?;
            let (suggestion, apply) = (suggestion.to_owned(), Rc::new(apply));
            listeners.push(EventListener::new(&use_it, "click", move |_| {
                // After this handler: applying redraws the callout, which
                // drops this very listener.
                let (suggestion, apply) = (suggestion.clone(), apply.clone());
                gloo_timers::callback::Timeout::new(0, move || apply(&suggestion)).forget();
            }));
        }
        let close = close_button(&doc, &box_, "name-warning-dismiss", "Dismiss this warning")?;
        {
            let inner = self.inner.clone();
            let root = self.root.clone();
            listeners.push(EventListener::new(&close, "click", move |_| {
                let mut shown = inner.borrow_mut();
                shown.dismissed = Some(shown.key.clone());
                shown.callout = None;
                root.set_text_content(None);
                // The focus goes back where the user was typing.
                if let Some(anchor) = &shown.anchor {
                    let _ = anchor.unchecked_ref::<HtmlElement>().focus();
                }
            }));
        }
        self.root.append_child(&box_)?;
        let mut shown = self.inner.borrow_mut();
        shown.callout = Some(box_);
        shown.anchor = Some(anchor.clone());
        if !same_field {
            shown.side.set(None);
        }
        shown.key = key;
        shown.listeners = listeners;
        place(&shown, &Rc::downgrade(&self.inner), false);
        Ok(())
    }

    /// Shows `callout` pinned to the top right of the view, not beside a
    /// field (the doctor's report on an error page), with a link to
    /// `settings_url` when there is one; `verdict` marks it for automation.
    #[cfg(feature = "login")]
    pub fn show_banner(
        &self,
        testid: &str,
        verdict: &str,
        callout: &Callout<'_>,
        settings_url: Option<&str>,
    ) -> Result<(), JsValue> {
        self.clear();
        let doc = self.host.owner_document().ok_or("detached overlay")?;
        let box_ = doc.create_element("div")?;
        box_.set_attribute("data-testid", testid)?;
        box_.set_attribute("data-verdict", verdict)?;
        box_.set_attribute("role", "alert")?;
        css(
            &box_,
            &[
                BOX,
                REFUSAL,
                ";visibility:visible;top:12px;right:12px;width:380px",
            ]
            .concat(),
        );
        let heading = dom::element_with_text(&doc, "strong", callout.title)?;
        box_.append_child(&heading)?;
        for line in callout.lines {
            let p = dom::element_with_text(&doc, "div", line)?;
            css(&p, "margin-top:4px;overflow-wrap:anywhere");
            box_.append_child(&p)?;
        }
        if let Some(url) = settings_url.filter(|u| u.starts_with("https://")) {
            let link = dom::element_with_text(&doc, "a", "Open the client's settings")?;
            link.set_attribute("href", url)?;
            link.set_attribute("target", "_blank")?;
            link.set_attribute("rel", "noopener noreferrer")?;
            link.set_attribute("data-testid", "doctor-open-settings")?;
            css(
                &link,
                "display:inline-block;margin-top:6px;color:inherit;font-weight:600",
            );
            box_.append_child(&link)?;
        }
        let close = close_button(&doc, &box_, "doctor-dismiss", "Dismiss this report")?;
        let root = self.root.clone();
        let listener = EventListener::new(&close, "click", move |_| root.set_text_content(None));
        self.root.append_child(&box_)?;
        let mut shown = self.inner.borrow_mut();
        // Not the name warning: nothing to place or follow.
        shown.callout = None;
        shown.anchor = None;
        shown.listeners = vec![listener];
        Ok(())
    }

    /// Puts the callout where it belongs now (the page may have moved the
    /// field, or hidden it).
    pub fn place(&self) {
        place(&self.inner.borrow(), &Rc::downgrade(&self.inner), false);
    }

    /// Removes whatever is shown; a dismissal is kept.
    pub fn clear(&self) {
        let mut shown = self.inner.borrow_mut();
        shown.callout = None;
        shown.listeners.clear();
        self.root.set_text_content(None);
    }
}

impl Drop for Overlay {
    fn drop(&mut self) {
        self.host.remove();
    }
}

/// The × in a callout's corner.
fn close_button(
    doc: &Document,
    callout: &Element,
    testid: &str,
    label: &str,
) -> Result<Element, JsValue> {
    let close = button(doc, "×", testid)?;
    close.set_attribute("aria-label", label)?;
    css(&close, &[BUTTON, "position:absolute;top:2px;right:4px;border:0;background:transparent;font-size:18px;line-height:1;padding:2px 6px"].concat());
    callout.append_child(&close)?;
    Ok(close)
}

fn button(doc: &Document, text: &str, testid: &str) -> Result<Element, JsValue> {
    let button = dom::element_with_text(doc, "button", text)?;
    button.set_attribute("type", "button")?;
    button.set_attribute("data-testid", testid)?;
    Ok(button)
}

/// Places the callout beside its field where it covers no control of the
/// page, and hides it while the field is hidden or the tab is in the
/// background.
fn place(shown: &Shown, inner: &Weak<RefCell<Shown>>, search: bool) {
    let (Some(callout), Some(anchor)) = (&shown.callout, &shown.anchor) else {
        return;
    };
    let Some(doc) = anchor.owner_document() else {
        return;
    };
    let rect = anchor.get_bounding_client_rect();
    let hidden =
        !anchor.is_connected() || doc.hidden() || (rect.width() == 0.0 && rect.height() == 0.0);
    if hidden {
        set(callout, "display", "none");
        return;
    }
    set(callout, "display", "block");
    let size = callout.get_bounding_client_rect();
    let (w, h) = (size.width(), size.height());
    let Some(root) = doc.document_element() else {
        return;
    };
    let (vw, vh) = (
        f64::from(root.client_width()),
        f64::from(root.client_height()),
    );
    let candidates = [
        (rect.right() + GAP, rect.top()),
        (rect.left(), rect.bottom() + GAP),
        (rect.left(), rect.top() - h - GAP),
        (rect.left() - w - GAP, rect.top()),
    ];
    let fits = |(x, y): (f64, f64)| x >= 0.0 && y >= 0.0 && x + w <= vw && y + h <= vh;
    let free = |(x, y): (f64, f64)| {
        // Nine points over the callout's area: what the page has there.
        (0..9).all(|i| {
            let px = x + w * f64::from(i % 3) / 2.0;
            let py = y + h * f64::from(i / 3) / 2.0;
            let px = px.clamp(x + 1.0, x + w - 1.0);
            let py = py.clamp(y + 1.0, y + h - 1.0);
            doc.element_from_point(px as f32, py as f32)
                .is_none_or(|e| e.closest(CONTROLS).ok().flatten().is_none())
        })
    };
    // Nowhere free in view (a field scrolled to an edge): beside it if
    // that fits, else below, as close as the view allows.
    let fallback = if candidates[0].0 + w <= vw { 0 } else { 1 };
    let side = match shown.side.get().filter(|&i| fits(candidates[i])) {
        Some(side) => side,
        None if !search => {
            // Hit tests cost on a page of thousands of controls: the field's
            // place is looked for after this task, and kept while it fits
            // the view. Till then the callout stays hidden: never drawn
            // over a control, not even for a frame.
            if let Some(inner) = inner.upgrade() {
                gloo_timers::callback::Timeout::new(0, move || {
                    place(&inner.borrow(), &Rc::downgrade(&inner), true)
                })
                .forget();
            }
            set(callout, "visibility", "hidden");
            return;
        }
        None => {
            // The callout itself must not answer the hit tests.
            set(callout, "visibility", "hidden");
            let side = (0..candidates.len())
                .find(|&i| fits(candidates[i]) && free(candidates[i]))
                .unwrap_or(fallback);
            shown.side.set(Some(side));
            side
        }
    };
    let (x, y) = candidates[side];
    set(callout, "left", &pixels(x));
    set(callout, "top", &pixels(y));
    set(callout, "visibility", "visible");
}

/// Styles through the CSSOM, which a strict page CSP still allows (a
/// `style` attribute it refuses).
fn css(element: &Element, text: &str) {
    element
        .unchecked_ref::<HtmlElement>()
        .style()
        .set_css_text(text);
}

fn set(element: &Element, name: &str, value: &str) {
    let _ = element
        .unchecked_ref::<HtmlElement>()
        .style()
        .set_property(name, value);
}

/// `v` as whole CSS pixels (`-12px`): formatting an f64, or any number
/// through `core::fmt`, would pull number printing into every portal page.
fn pixels(v: f64) -> String {
    let v = v.round() as i64;
    let sign = if v < 0 { "-" } else { "" };
    cat!(
        sign,
        clientfill_core::decimal(v.unsigned_abs() as usize),
        "px"
    )
}
