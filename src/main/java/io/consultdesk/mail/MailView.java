package io.consultdesk.mail;

import io.consultdesk.i18n.Messages;

/**
 * What an email template may show: the clinic's public details and, for staff, a link. By design it
 * has no field for anything a visitor typed, so no template can put an answer into an email.
 */
public record MailView(
        Messages messages,
        String subject,
        String preheader,
        String clinicName,
        String clinicPhone,
        String clinicHours,
        String brandColor,
        String brandInk,
        String brandText,
        String link) {

    public String t(String key, Object... args) {
        return messages.get(key, args);
    }

    public String lang() {
        return messages.locale().toLanguageTag();
    }

    /** The clinic's phone number as a tap-to-call link: digits and a leading plus only. */
    public String telHref() {
        return "tel:" + clinicPhone.replaceAll("[^0-9+]", "");
    }
}
