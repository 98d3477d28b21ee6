// Small browser helpers the Blazor pages call; nothing here holds state.
window.smartParking = {
    // Starts a download without leaving the page (and without dropping the live connection).
    download(url) {
        const link = document.createElement("a");
        link.href = url;
        link.download = "";
        document.body.appendChild(link);
        link.click();
        link.remove();
    },
};
