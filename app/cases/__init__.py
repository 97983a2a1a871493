"""Cases: credit repair applications and objections, one mechanism (see ``kinds``)."""
