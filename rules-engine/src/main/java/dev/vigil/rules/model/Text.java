package dev.vigil.rules.model;

/**
 * A short text in Chinese and English, e.g. a rule's name.
 *
 * @param zh Chinese
 * @param en English
 */
public record Text(String zh, String en) {
    public Text {
        zh = zh == null ? "" : zh;
        en = en == null ? "" : en;
    }
}
