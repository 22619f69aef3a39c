package io.consultdesk.website;

import io.consultdesk.clinic.Clinic;
import io.consultdesk.i18n.Messages;
import io.consultdesk.website.Snippets.Button;
import io.consultdesk.website.Snippets.Corner;
import java.util.Optional;
import java.util.function.Function;

/**
 * The floating button's choices from the embed page's small GET form ({@code label}, {@code position},
 * {@code color}): what was typed, to show again, and the button the snippet uses, where a part that is not
 * valid keeps its default and is reported next to its field.
 *
 * @param labelError  a message key when the label typed cannot be used
 * @param colorError  a message key when the colour is not a #rrggbb
 */
public record ButtonForm(Button button, String labelInput, String colorInput, Optional<String> labelError,
                         Optional<String> colorError) {
    static final String FALLBACK_COLOR = "#2f6f73";

    /** The button before any choice: the form's usual wording in the clinic's language, bottom right, the clinic's colour. */
    public static Button defaults(Clinic clinic) {
        return new Button(Messages.forLocale(clinic.locale()).get("website.snippet.linkText"), Corner.BOTTOM_RIGHT,
                Snippets.color(clinic.brandColor()).orElse(FALLBACK_COLOR));
    }

    public static ButtonForm read(Function<String, String> param, Button defaults) {
        String rawLabel = param.apply("label");
        String rawColor = param.apply("color");
        Optional<String> label = Snippets.label(rawLabel);
        Optional<String> color = Snippets.color(rawColor);
        Corner corner = Corner.of(param.apply("position")).orElse(defaults.corner());
        Button button = new Button(label.orElse(defaults.label()), corner, color.orElse(defaults.color()));
        return new ButtonForm(button, rawLabel == null ? defaults.label() : rawLabel,
                color.orElse(defaults.color()),
                rawLabel != null && label.isEmpty() ? Optional.of("website.button.error.label") : Optional.empty(),
                rawColor != null && color.isEmpty() ? Optional.of("website.button.error.color") : Optional.empty());
    }
}
