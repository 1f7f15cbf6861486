/**
 * The UPI app's browser build (`npm run build -w app` → app/dist): Preact's JSX through Vite's own
 * transform, relative asset paths so one build serves under every PSP's handle (`/zap/`, `/kite/`), and the
 * `browser` resolve condition so contracts' `#boxAgreement` is the tweetnacl one (no node:crypto).
 */
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'src/web',
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: '../../dist', emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
});
