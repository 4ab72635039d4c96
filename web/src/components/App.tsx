import { useEffect, useState } from "preact/hooks";
import type { AuthState } from "../auth";
import { currentAuth, signIn, signOut } from "../auth";
import { PAGES, parseRoute, type Route } from "../route";
import { ConversePage } from "./ConversePage";
import { HistoryPage } from "./HistoryPage";
import { Notice } from "./Notice";
import { PracticePage } from "./PracticePage";
import { ProgressPage } from "./ProgressPage";
import { VoicesPage } from "./VoicesPage";

function SignIn({ onDone, message }: { onDone: (s: AuthState) => void; message?: string }) {
  const [key, setKey] = useState("");
  const [error, setError] = useState(message ?? "");
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      await signIn(key.trim());
      onDone(await currentAuth());
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <form class="signin" onSubmit={submit}>
      <label for="api-key">API key</label>
      <input id="api-key" type="password" autocomplete="off" value={key} onInput={(e) => setKey(e.currentTarget.value)} required />
      <button type="submit">Sign in</button>
      {error && <Notice kind="error">{error}</Notice>}
    </form>
  );
}

export function App({ initialAuth }: { initialAuth: AuthState }) {
  const [route, setRoute] = useState<Route>(parseRoute(window.location.hash));
  const [auth, setAuth] = useState<AuthState>(initialAuth);
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
  useEffect(() => {
    document.title = `${PAGES.find((p) => p.page === route.page)?.title} · VoiceMesh`;
  }, [route.page]);

  const page = {
    practice: <PracticePage params={route.params} />,
    converse: <ConversePage />,
    history: <HistoryPage />,
    progress: <ProgressPage />,
    voices: <VoicesPage />,
  }[route.page];

  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">VoiceMesh</span>
        <nav aria-label="Pages">
          <ul>
            {PAGES.map((p) => (
              <li key={p.page}>
                <a href={`#/${p.page}`} aria-current={route.page === p.page ? "page" : undefined}>
                  {p.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          {auth.kind === "signed-in" && (
            <>
              <span>{auth.me.email ?? auth.me.user_id}</span>
              <button type="button" class="link" onClick={async () => (await signOut(), setAuth(await currentAuth()))}>
                Sign out
              </button>
            </>
          )}
          {auth.kind === "local" && <span title="This server has no user accounts">local</span>}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {auth.kind === "signed-out" ? (
          <section>
            <h1>Sign in</h1>
            <p>This server needs an API key. `voicemesh up` prints a link that signs you in.</p>
            <SignIn onDone={setAuth} message={auth.message} />
          </section>
        ) : (
          page
        )}
      </main>
    </>
  );
}
