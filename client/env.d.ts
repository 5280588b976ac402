// Types for what vite provides to the browser apps (CSS imports, import.meta.env).
/// <reference types="vite/client" />
