import { render } from "preact";
import { bootAuth } from "./auth";
import { App } from "./components/App";
import "./styles.css";

const root = document.getElementById("app")!;
bootAuth()
  .then((auth) => render(<App initialAuth={auth} />, root))
  .catch((error: Error) => {
    root.textContent = `VoiceMesh could not start: ${error.message}`;
  });
