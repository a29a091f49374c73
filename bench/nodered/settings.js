// Node-RED settings for bench (c): no editor, no credentials file, quiet logs.
module.exports = {
    uiHost: "127.0.0.1",
    uiPort: parseInt(process.env.NODE_RED_PORT || "1880", 10),
    httpAdminRoot: false,
    httpNodeRoot: false,
    credentialSecret: false,
    editorTheme: { projects: { enabled: false } },
    logging: { console: { level: "info", metrics: false, audit: false } },
};
