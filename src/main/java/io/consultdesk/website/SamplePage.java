package io.consultdesk.website;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.i18n.Messages;
import io.consultdesk.website.Snippets.Mode;
import java.net.URI;

/**
 * The sample host page the embed page's previews show: a plain page standing in for the clinic's website,
 * carrying the real snippet of one mode. The snippet is HTML made by {@link Snippets} (every value escaped
 * there) and goes into the page as it is, as a site owner's paste would.
 *
 * @param snippet the tag (or, for the plain link, the link) as pasted
 * @param opener  for the dialog: the link that opens it, as the site would add it; else null
 */
public record SamplePage(Messages messages, Clinic clinic, Mode mode, String snippet, String opener, String cssUrl) {

    static SamplePage of(Clinic clinic, Mode mode, URI server, Snippets.Button button, String cssUrl) {
        Messages m = Messages.english();
        String text = Messages.forLocale(clinic.locale()).get("website.snippet.linkText");
        String snippet = switch (mode) {
            case INLINE -> Snippets.inline(server, clinic.slug(), text);
            case BUTTON -> Snippets.button(server, clinic.slug(), button);
            case DIALOG -> Snippets.dialog(server, clinic.slug());
            case LINK -> Snippets.link(server, clinic.slug(), text);
        };
        String opener = mode == Mode.DIALOG ? Snippets.openerButton(text) : null;
        return new SamplePage(m, clinic, mode, snippet, opener, cssUrl);
    }

    public String t(String key, Object... args) {
        return messages.get(key, args);
    }

    public boolean is(String code) {
        return mode.code().equals(code);
    }
}
