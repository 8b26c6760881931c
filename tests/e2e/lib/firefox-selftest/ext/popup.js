document.getElementById('status').textContent = 'popup ready';
