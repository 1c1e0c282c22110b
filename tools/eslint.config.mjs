// ESLint for the browser code, its service worker scripts and their unit tests, run from the
// repository's root as `make check` does: tools/node_modules/.bin/eslint -c tools/eslint.config.mjs .
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";

export default [
  {
    ignores: [
      "**/node_modules/**",
      ".web/**",
      ".venv/**",
      "assets/pose/**",
      "assets/external/**",
      "bench/**",
      "scripts/**",
      // Generated from valgus_pwa/contract.py.
      "valgus_pwa/components/contract.js",
      "assets/contract.js",
    ],
  },
  {
    files: ["valgus_pwa/components/**/*.{js,jsx}"],
    ...js.configs.recommended,
    plugins: { "react-hooks": reactHooks },
    languageOptions: {
      sourceType: "module",
      parserOptions: { ecmaFeatures: { jsx: true } },
      globals: globals.browser,
    },
    rules: {
      ...js.configs.recommended.rules,
      // The two classic hook rules; the plugin's React Compiler rules do not apply to this code.
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      // JSX uses React (the classic runtime) without naming it.
      "no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^(_|React$)" }],
    },
  },
  {
    files: ["assets/*.js"],
    ...js.configs.recommended,
    languageOptions: { sourceType: "script", globals: { ...globals.browser, ...globals.serviceworker } },
  },
  {
    files: ["tests/js/**/*.{js,mjs}"],
    ...js.configs.recommended,
    languageOptions: { sourceType: "module", globals: globals.node },
  },
];
