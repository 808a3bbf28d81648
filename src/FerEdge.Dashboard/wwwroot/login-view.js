// The login form: shown while nobody is logged in, and the only thing the page shows then.

import { setText } from './dom.js';

export class LoginView {
  /** onSubmit(user, password) resolves once the login is done and throws with a message for the caregiver on failure. */
  constructor(root, onSubmit) {
    this.root = root;
    this.form = root.querySelector('form');
    this.user = root.querySelector('#login-user');
    this.password = root.querySelector('#login-password');
    this.error = root.querySelector('.login-error');
    this.submit = root.querySelector('.login-submit');
    this.form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const user = this.user.value.trim();
      const password = this.password.value;
      if (!user || !password) {
        this.showError('Enter your user name and password');
        return;
      }

      this.submit.disabled = true;
      this.showError(null);
      try {
        await onSubmit(user, password);
      } catch (error) {
        this.showError(String(error?.message ?? error));
      } finally {
        this.submit.disabled = false;
      }
    });
  }

  /**
   * Shows the form, empty but for the user name, with an optional message: why the last session ended (an error),
   * or a plain notice such as "You have logged out".
   */
  show(message = null, { notice = false } = {}) {
    this.password.value = '';
    this.showError(message);
    this.error.classList.toggle('notice', notice && !!message);
    this.root.hidden = false;
    (this.user.value ? this.password : this.user).focus();
  }

  hide() {
    this.password.value = '';
    this.showError(null);
    this.root.hidden = true;
  }

  showError(message) {
    this.error.classList.remove('notice');
    setText(this.error, message ?? '');
    this.error.hidden = !message;
  }
}
