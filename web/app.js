// Starts the chat widget with the settings and words the page server hands out (/config.json).
fetch("/config.json")
  .then((answer) => answer.json())
  .then((config) => {
    document.title = config.words.title;
    document.getElementById("headline").textContent = config.words.headline;
    document.getElementById("intro").textContent = config.words.intro;
    WebChat.default(
      {
        selector: "#webchat",
        socketUrl: config.socket_url,
        socketPath: "/socket.io/",
        initPayload: "/greet",
        title: config.words.title,
        subtitle: config.words.subtitle,
        inputTextFieldHint: config.words.input_hint,
        connectingText: config.words.connecting,
        // The conversation lives in the browser's local storage: a reload continues it.
        params: { storage: "local" },
        // Each answer shows as it arrives (and is stored at once, so a reload keeps it).
        customMessageDelay: () => 0,
        // Part of the page and always open: the greeting comes at once.
        embedded: true,
        showFullScreenButton: false,
        hideWhenNotConnected: false,
      },
      null,
    );
  });
